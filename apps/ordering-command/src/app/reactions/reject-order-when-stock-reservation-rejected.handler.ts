import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@chronicle/event-store';
import { InjectAggregateRepository } from '@chronicle/event-sourcing';
import type { StockReservationRejected } from '@chronicle/inventory-contracts';
import { ORDER_CATEGORY, type OrderRepository } from '../order-repository';
import { reactionCommandId, reactionHandleOptions } from './reaction-context';

/** Inventory could not reserve the order: it is rejected with inventory's reason (a no-op once it left PENDING). */
@Injectable()
export class RejectOrderWhenStockReservationRejectedHandler {
  constructor(@InjectAggregateRepository(ORDER_CATEGORY) private readonly orders: OrderRepository) {}

  async react(event: StockReservationRejected, recorded: RecordedEvent): Promise<void> {
    const { orderId, reason, sku } = event.data;
    await this.orders.handle(
      orderId,
      {
        commandId: reactionCommandId(recorded, 'reject-order-when-stock-reservation-rejected'),
        kind: 'RejectOrder',
        orderId,
        reason: `${reason}: ${sku}`,
      },
      reactionHandleOptions(recorded),
    );
  }
}
