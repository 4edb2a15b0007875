import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { OrderingCommands, OrderingQueries, type OrderCommandReply, type OrderLine, type OrderPage, type OrderStatus, type OrderView } from '@chronicle/ordering-contracts';
import { gatewayConfig, type GatewayConfig } from '../gateway.config';
import { ServiceClient, type CallContext, type DownstreamHealth } from '../http/service-client';

/** Whose orders a caller may see: an admin everyone's (no customer), anyone else their own. */
export interface OrderScope {
  customerId?: string;
}

/** A placed order's reply: the correlation id names its saga (GET /sagas/{correlationId}). */
export type PlacedOrderReply = OrderCommandReply & { correlationId: string };

/** The gateway's only way to the ordering services. */
@Injectable()
export class OrderingClient extends ServiceClient implements OnApplicationShutdown {
  constructor(@Inject(gatewayConfig.KEY) config: GatewayConfig) {
    super(config, {
      command: { ...config.orderingCommand, queue: 'ordering-command' },
      query: { ...config.orderingQuery, queue: 'ordering-query' },
    });
  }

  placeOrder(customerId: string, lines: OrderLine[], context: CallContext): Promise<OrderCommandReply> {
    return this.sendCommand(OrderingCommands.placeOrder, { customerId, lines: lines.map(({ sku, quantity }) => ({ sku, quantity })) }, context);
  }

  cancelOrder(orderId: string, requestedBy: string, by: 'customer' | 'admin', context: CallContext): Promise<OrderCommandReply> {
    return this.sendCommand(OrderingCommands.cancelOrder, { orderId, requestedBy, by }, context);
  }

  getOrder(orderId: string, scope: OrderScope, context: CallContext, minPosition?: string): Promise<OrderView> {
    return this.sendQuery(OrderingQueries.getOrder, { orderId, customerId: scope.customerId, minPosition }, context);
  }

  /** Orders still PENDING after `olderThanSeconds` (operators: sagas that may be stuck). */
  stuckOrders(olderThanSeconds: number, context: CallContext): Promise<{ orders: OrderView[] }> {
    return this.sendQuery(OrderingQueries.stuckOrders, { olderThanSeconds }, context);
  }

  listOrders(filter: { status?: OrderStatus; limit?: number; cursor?: string }, scope: OrderScope, context: CallContext, minPosition?: string): Promise<OrderPage> {
    return this.sendQuery(OrderingQueries.listOrders, { ...filter, customerId: scope.customerId, minPosition }, context);
  }

  queryHealth(timeoutMs: number): Promise<DownstreamHealth> {
    return this.queryServiceHealth(OrderingQueries.health, timeoutMs);
  }

  onApplicationShutdown(): Promise<void> {
    return this.closeClients();
  }
}
