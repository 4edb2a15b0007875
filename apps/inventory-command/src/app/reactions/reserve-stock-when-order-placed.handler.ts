import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@chronicle/event-store';
import type { OrderPlaced } from '@chronicle/ordering-contracts';
import type { EntityManager } from 'typeorm';
import { Warehouse } from '../warehouse';
import { recordReservation } from './order-reservations';
import { causedBy, reactionCommandId } from './reaction-context';

/**
 * An order was placed: reserve all its lines at once, or record why not
 * (StockReservationRejected). A reservation is noted for the order, so a cancel or an expiry
 * knows what to give back.
 */
@Injectable()
export class ReserveStockWhenOrderPlacedHandler {
  static readonly reaction = 'reserve-stock-when-order-placed';

  constructor(private readonly warehouse: Warehouse) {}

  async handle(event: OrderPlaced, source: RecordedEvent, manager: EntityManager): Promise<void> {
    // Delivered again, the same command id is answered with the events it wrote the first time.
    const result = await this.warehouse.react(
      {
        commandId: reactionCommandId(source, ReserveStockWhenOrderPlacedHandler.reaction),
        kind: 'ReserveStock',
        orderId: event.data.orderId,
        lines: event.data.lines,
      },
      causedBy(source),
    );
    for (const outcome of result.events) {
      if (outcome.type === 'StockReserved') await recordReservation(manager, outcome.data.orderId, outcome.data.lines);
    }
  }
}
