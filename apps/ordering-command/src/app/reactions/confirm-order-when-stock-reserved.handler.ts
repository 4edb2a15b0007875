import { Injectable } from '@nestjs/common';
import { InjectAggregateRepository } from '@chronicle/event-sourcing';
import type { StockReserved } from '@chronicle/inventory-contracts';
import type { Reaction, ReactionContext } from '@chronicle/projections';
import { ORDER_CATEGORY, type OrderRepository } from '../order-repository';

/** Inventory reserved every line: the order is confirmed (a no-op once it left PENDING). */
@Injectable()
export class ConfirmOrderWhenStockReservedHandler implements Reaction<StockReserved> {
  constructor(@InjectAggregateRepository(ORDER_CATEGORY) private readonly orders: OrderRepository) {}

  async react({ event, commandId, causation }: ReactionContext<StockReserved>): Promise<void> {
    const { orderId } = event.data;
    await this.orders.handle(orderId, { commandId: commandId(), kind: 'ConfirmOrder', orderId }, causation);
  }
}
