import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@chronicle/event-store';
import type { OrderCancelled, OrderExpired } from '@chronicle/ordering-contracts';
import type { EntityManager } from 'typeorm';
import { Warehouse } from '../warehouse';
import { heldReservation, markReleased } from './order-reservations';
import { causedBy, reactionCommandId } from './reaction-context';

/** An order was cancelled or expired: give back what it holds (nothing when it holds nothing). */
@Injectable()
export class ReleaseStockWhenOrderClosedHandler {
  static readonly reaction = 'release-stock-when-order-closed';

  constructor(private readonly warehouse: Warehouse) {}

  async handle(event: OrderCancelled | OrderExpired, source: RecordedEvent, manager: EntityManager): Promise<void> {
    const lines = await heldReservation(manager, event.data.orderId);
    if (!lines) return;
    await this.warehouse.react(
      {
        commandId: reactionCommandId(source, ReleaseStockWhenOrderClosedHandler.reaction),
        kind: 'ReleaseStock',
        orderId: event.data.orderId,
        lines,
      },
      causedBy(source),
    );
    await markReleased(manager, event.data.orderId);
  }
}
