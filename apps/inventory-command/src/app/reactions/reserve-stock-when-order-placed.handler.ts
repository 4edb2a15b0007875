import { Injectable } from '@nestjs/common';
import type { OrderPlaced } from '@chronicle/ordering-contracts';
import type { Reaction, ReactionContext } from '@chronicle/projections';
import { Warehouse } from '../warehouse';
import { reservationKey, type OrderReservation } from './order-reservation';

/**
 * An order was placed: reserve all its lines at once, or record why not
 * (StockReservationRejected). A reservation is remembered for the order, so a cancel or an
 * expiry knows what to give back.
 */
@Injectable()
export class ReserveStockWhenOrderPlacedHandler implements Reaction<OrderPlaced> {
  constructor(private readonly warehouse: Warehouse) {}

  async react({ event, commandId, causation, state }: ReactionContext<OrderPlaced>): Promise<void> {
    const { orderId, lines } = event.data;
    // Delivered again, the same command id is answered with the events it wrote the first time.
    const result = await this.warehouse.react({ commandId: commandId(), kind: 'ReserveStock', orderId, lines }, causation);
    const reserved = result.events.find((outcome) => outcome.type === 'StockReserved');
    if (reserved?.type === 'StockReserved' && !(await state.get(reservationKey(orderId)))) {
      const reservation: OrderReservation = { lines: reserved.data.lines, released: false };
      state.set(reservationKey(orderId), reservation);
    }
  }
}
