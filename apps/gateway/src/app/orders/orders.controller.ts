import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiDefaultResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { OrderCommandReply, OrderPage, OrderView } from '@chronicle/ordering-contracts';
import { CurrentUser } from '../auth/auth.decorators';
import { Call } from '../http/call-context.decorator';
import type { AuthUser } from '../http/gateway-request';
import { IdParam } from '../http/id-param';
import { CreatedIn } from '../http/representation-headers.interceptor';
import { MinPosition, minPositionHeader } from '../http/request-headers';
import type { CallContext } from '../http/service-client';
import { ProblemModel } from '../identity/identity.models';
import { ListOrdersQuery, PlaceOrderBody } from './order.bodies';
import { OrderCommandResultModel, OrderModel, OrderPageModel } from './order.models';
import { cancellerOf, orderScopeOf } from './order-scope';
import { OrderingClient, type PlacedOrderReply } from './ordering.client';

/** Orders of the signed-in user (admins: everyone's). Placing is accepted (202): inventory decides asynchronously. */
@ApiTags('orders')
@ApiDefaultResponse({ type: ProblemModel, description: 'An error, as application/problem+json' })
@ApiBearerAuth()
@Controller('orders')
export class OrdersController {
  constructor(private readonly ordering: OrderingClient) {}

  @Post()
  @HttpCode(202)
  @CreatedIn('/orders', 'orderId')
  @ApiOperation({ summary: 'Place an order (PENDING until inventory reserves or rejects it)' })
  @ApiAcceptedResponse({ type: OrderCommandResultModel })
  async place(@Body() body: PlaceOrderBody, @CurrentUser() user: AuthUser, @Call() call: CallContext): Promise<PlacedOrderReply> {
    const reply = await this.ordering.placeOrder(user.id, body.lines, call);
    return { ...reply, correlationId: call.correlationId };
  }

  @Get()
  @ApiHeader(minPositionHeader)
  @ApiOperation({ summary: 'List orders, newest first (admins: everyone’s; others: their own)' })
  @ApiOkResponse({ type: OrderPageModel })
  list(@Query() query: ListOrdersQuery, @MinPosition() minPosition: string | undefined, @CurrentUser() user: AuthUser, @Call() call: CallContext): Promise<OrderPage> {
    return this.ordering.listOrders({ status: query.status, limit: query.limit, cursor: query.cursor }, orderScopeOf(user), call, minPosition);
  }

  @Get(':id')
  @ApiHeader(minPositionHeader)
  @ApiOperation({ summary: 'Get an order (admins: anyone’s; others: their own, another’s is a 404)' })
  @ApiOkResponse({ type: OrderModel })
  get(@IdParam('id') id: string, @MinPosition() minPosition: string | undefined, @CurrentUser() user: AuthUser, @Call() call: CallContext): Promise<OrderView> {
    return this.ordering.getOrder(id, orderScopeOf(user), call, minPosition);
  }

  @Post(':id/cancel')
  @HttpCode(202)
  @ApiOperation({ summary: 'Cancel an order (releases its stock); cancelling again changes nothing' })
  @ApiAcceptedResponse({ type: OrderCommandResultModel })
  cancel(@IdParam('id') id: string, @CurrentUser() user: AuthUser, @Call() call: CallContext): Promise<OrderCommandReply> {
    const { requestedBy, by } = cancellerOf(user);
    return this.ordering.cancelOrder(id, requestedBy, by, call);
  }
}
