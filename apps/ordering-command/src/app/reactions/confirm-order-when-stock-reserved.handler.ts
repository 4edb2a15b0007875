import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@chronicle/event-store';
import { InjectAggregateRepository } from '@chronicle/event-sourcing';
import type { StockReserved } from '@chronicle/inventory-contracts';
import { ORDER_CATEGORY, type OrderRepository } from '../order-repository';
import { reactionCommandId, reactionHandleOptions } from './reaction-context';

/** Inventory reserved every line: the order is confirmed (a no-op once it left PENDING). */
@Injectable()
export class ConfirmOrderWhenStockReservedHandler {
  constructor(@InjectAggregateRepository(ORDER_CATEGORY) private readonly orders: OrderRepository) {}

  async react(event: StockReserved, recorded: RecordedEvent): Promise<void> {
    const { orderId } = event.data;
    await this.orders.handle(
      orderId,
      { commandId: reactionCommandId(recorded, 'confirm-order-when-stock-reserved'), kind: 'ConfirmOrder', orderId },
      reactionHandleOptions(recorded),
    );
  }
}
