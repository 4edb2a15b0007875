import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { InventoryCommandReply, ItemPage, ItemView } from '@chronicle/inventory-contracts';
import { AdminOnly } from '../auth/auth.decorators';
import { Call } from '../http/call-context.decorator';
import type { CallContext } from '../http/service-client';
import { InventoryClient } from '../inventory/inventory.client';
import { InventoryCommandResultModel, ItemModel, ItemPageModel } from '../inventory/inventory.models';
import { AddItemBody } from '../inventory/item.bodies';
import { pageComplexity, PositionArg } from './graphql.args';

/** Stock: any signed-in user reads; admins add and restock. */
@Resolver(() => ItemModel)
export class InventoryResolver {
  constructor(private readonly inventory: InventoryClient) {}

  @Query(() => ItemModel)
  item(@Args('sku') sku: string, @PositionArg() minPosition: string | undefined, @Call() call: CallContext): Promise<ItemView> {
    return this.inventory.getItem(sku, call, minPosition);
  }

  @Query(() => ItemPageModel, { complexity: pageComplexity })
  items(
    @Args('first', { type: () => Int, nullable: true }) first: number | undefined,
    @Args('after', { type: () => String, nullable: true }) after: string | undefined,
    @PositionArg() minPosition: string | undefined,
    @Call() call: CallContext,
  ): Promise<ItemPage> {
    return this.inventory.listItems({ limit: first ?? undefined, cursor: after ?? undefined }, call, minPosition);
  }

  @Mutation(() => InventoryCommandResultModel)
  @AdminOnly()
  addItem(@Args('input') input: AddItemBody, @Call() call: CallContext): Promise<InventoryCommandReply> {
    return this.inventory.addItem({ sku: input.sku, name: input.name, quantity: input.quantity }, call);
  }

  @Mutation(() => InventoryCommandResultModel)
  @AdminOnly()
  restockItem(@Args('sku') sku: string, @Args('quantity', { type: () => Int }) quantity: number, @Call() call: CallContext): Promise<InventoryCommandReply> {
    return this.inventory.restock(sku, quantity, call);
  }
}
