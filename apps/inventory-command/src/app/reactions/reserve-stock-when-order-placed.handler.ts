import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@chronicle/event-store';
import type { OrderPlaced } from '@chronicle/ordering-contracts';
import { Warehouse } from '../warehouse';
import { causedBy, reactionCommandId } from './reaction-context';

/** An order was placed: reserve all its lines at once, or record why not (StockReservationRejected). */
@Injectable()
export class ReserveStockWhenOrderPlacedHandler {
  static readonly reaction = 'reserve-stock-when-order-placed';

  constructor(private readonly warehouse: Warehouse) {}

  async handle(event: OrderPlaced, source: RecordedEvent): Promise<void> {
    await this.warehouse.react(
      {
        commandId: reactionCommandId(source, ReserveStockWhenOrderPlacedHandler.reaction),
        kind: 'ReserveStock',
        orderId: event.data.orderId,
        lines: event.data.lines,
      },
      causedBy(source),
    );
  }
}
