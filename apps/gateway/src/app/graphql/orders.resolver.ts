import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ORDER_STATUSES, type OrderPage, type OrderStatus, type OrderView } from '@chronicle/ordering-contracts';
import { CurrentUser } from '../auth/auth.decorators';
import { Call } from '../http/call-context.decorator';
import { GatewayError } from '../http/gateway-error';
import type { AuthUser } from '../http/gateway-request';
import type { CallContext } from '../http/service-client';
import { PlaceOrderBody } from '../orders/order.bodies';
import { OrderCommandResultModel, OrderModel, OrderPageModel } from '../orders/order.models';
import { cancellerOf, orderScopeOf } from '../orders/order-scope';
import { OrderingClient, type PlacedOrderReply } from '../orders/ordering.client';
import { pageComplexity, PositionArg } from './graphql.args';

function statusFilter(status: string | null | undefined): OrderStatus | undefined {
  if (status == null) return undefined;
  if ((ORDER_STATUSES as readonly string[]).includes(status)) return status as OrderStatus;
  throw new GatewayError('VALIDATION_FAILED', 400, `status must be one of ${ORDER_STATUSES.join(', ')}`, { fields: { status: ['must be an order status'] } });
}

/** Orders: everyone their own, admins everyone's; the same rules as REST. */
@Resolver(() => OrderModel)
export class OrdersResolver {
  constructor(private readonly ordering: OrderingClient) {}

  @Query(() => OrderModel, { description: 'Admins: anyone’s; others: their own' })
  order(
    @Args('id', { type: () => ID }) id: string,
    @PositionArg() minPosition: string | undefined,
    @CurrentUser() user: AuthUser,
    @Call() call: CallContext,
  ): Promise<OrderView> {
    return this.ordering.getOrder(id, orderScopeOf(user), call, minPosition);
  }

  @Query(() => OrderPageModel, { complexity: pageComplexity })
  orders(
    @Args('status', { type: () => String, nullable: true }) status: string | undefined,
    @Args('first', { type: () => Int, nullable: true }) first: number | undefined,
    @Args('after', { type: () => String, nullable: true }) after: string | undefined,
    @PositionArg() minPosition: string | undefined,
    @CurrentUser() user: AuthUser,
    @Call() call: CallContext,
  ): Promise<OrderPage> {
    return this.ordering.listOrders({ status: statusFilter(status), limit: first ?? undefined, cursor: after ?? undefined }, orderScopeOf(user), call, minPosition);
  }

  @Mutation(() => OrderCommandResultModel, { description: 'PENDING until inventory reserves or rejects it' })
  async placeOrder(@Args('input') input: PlaceOrderBody, @CurrentUser() user: AuthUser, @Call() call: CallContext): Promise<PlacedOrderReply> {
    const reply = await this.ordering.placeOrder(user.id, input.lines, call);
    return { ...reply, correlationId: call.correlationId };
  }

  @Mutation(() => OrderCommandResultModel, { description: 'Cancelling again changes nothing (position null)' })
  async cancelOrder(@Args('id', { type: () => ID }) id: string, @CurrentUser() user: AuthUser, @Call() call: CallContext): Promise<PlacedOrderReply> {
    const { requestedBy, by } = cancellerOf(user);
    return { ...(await this.ordering.cancelOrder(id, requestedBy, by, call)), correlationId: call.correlationId };
  }
}
