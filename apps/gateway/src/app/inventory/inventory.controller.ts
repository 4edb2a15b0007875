import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiDefaultResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { InventoryCommandReply, ItemPage, ItemView } from '@chronicle/inventory-contracts';
import { AdminOnly } from '../auth/auth.decorators';
import { Call } from '../http/call-context.decorator';
import { CreatedIn } from '../http/representation-headers.interceptor';
import { MinPosition, minPositionHeader } from '../http/request-headers';
import { SkuParam } from '../http/sku-param';
import type { CallContext } from '../http/service-client';
import { ProblemModel } from '../identity/identity.models';
import { InventoryClient } from './inventory.client';
import { InventoryCommandResultModel, ItemModel, ItemPageModel } from './inventory.models';
import { AddItemBody, ListItemsQuery, RestockBody } from './item.bodies';

/** Stock: admins add and restock items; any signed-in user reads them. */
@ApiTags('inventory')
@ApiDefaultResponse({ type: ProblemModel, description: 'An error, as application/problem+json' })
@ApiBearerAuth()
@Controller('inventory/items')
export class InventoryController {
  constructor(private readonly inventory: InventoryClient) {}

  @Post()
  @AdminOnly()
  @CreatedIn('/inventory/items', 'sku')
  @ApiOperation({ summary: 'Add an item with its initial stock' })
  @ApiCreatedResponse({ type: InventoryCommandResultModel })
  add(@Body() body: AddItemBody, @Call() call: CallContext): Promise<InventoryCommandReply> {
    return this.inventory.addItem({ sku: body.sku, name: body.name, quantity: body.quantity }, call);
  }

  @Post(':sku/restock')
  @AdminOnly()
  @HttpCode(200)
  @ApiOperation({ summary: 'Add units to an item' })
  @ApiOkResponse({ type: InventoryCommandResultModel })
  restock(@SkuParam('sku') sku: string, @Body() body: RestockBody, @Call() call: CallContext): Promise<InventoryCommandReply> {
    return this.inventory.restock(sku, body.quantity, call);
  }

  @Get()
  @ApiHeader(minPositionHeader)
  @ApiOperation({ summary: 'List items' })
  @ApiOkResponse({ type: ItemPageModel })
  list(@Query() query: ListItemsQuery, @MinPosition() minPosition: string | undefined, @Call() call: CallContext): Promise<ItemPage> {
    return this.inventory.listItems({ limit: query.limit, cursor: query.cursor }, call, minPosition);
  }

  @Get(':sku')
  @ApiHeader(minPositionHeader)
  @ApiOperation({ summary: 'Get an item: available and reserved units' })
  @ApiOkResponse({ type: ItemModel })
  get(@SkuParam('sku') sku: string, @MinPosition() minPosition: string | undefined, @Call() call: CallContext): Promise<ItemView> {
    return this.inventory.getItem(sku, call, minPosition);
  }
}
