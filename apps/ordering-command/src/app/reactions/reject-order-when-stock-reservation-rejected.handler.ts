import { Injectable } from '@nestjs/common';
import { InjectAggregateRepository } from '@chronicle/event-sourcing';
import type { StockReservationRejected } from '@chronicle/inventory-contracts';
import type { Reaction, ReactionContext } from '@chronicle/projections';
import { ORDER_CATEGORY, type OrderRepository } from '../order-repository';

/** Inventory could not reserve the order: it is rejected with inventory's reason (a no-op once it left PENDING). */
@Injectable()
export class RejectOrderWhenStockReservationRejectedHandler implements Reaction<StockReservationRejected> {
  constructor(@InjectAggregateRepository(ORDER_CATEGORY) private readonly orders: OrderRepository) {}

  async react({ event, commandId, causation }: ReactionContext<StockReservationRejected>): Promise<void> {
    const { orderId, reason, sku } = event.data;
    await this.orders.handle(orderId, { commandId: commandId(), kind: 'RejectOrder', orderId, reason: `${reason}: ${sku}` }, causation);
  }
}
