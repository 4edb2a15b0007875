import { Injectable } from '@nestjs/common';
import type { OrderCancelled, OrderExpired } from '@chronicle/ordering-contracts';
import type { Reaction, ReactionContext } from '@chronicle/projections';
import { Warehouse } from '../warehouse';
import { reservationKey, type OrderReservation } from './order-reservation';

/** An order was cancelled or expired: give back what it holds (nothing when it holds nothing). */
@Injectable()
export class ReleaseStockWhenOrderClosedHandler implements Reaction<OrderCancelled | OrderExpired> {
  constructor(private readonly warehouse: Warehouse) {}

  async react({ event, commandId, causation, state }: ReactionContext<OrderCancelled | OrderExpired>): Promise<void> {
    const { orderId } = event.data;
    const held = await state.get<OrderReservation>(reservationKey(orderId));
    if (!held || held.released) return;
    await this.warehouse.react({ commandId: commandId(), kind: 'ReleaseStock', orderId, lines: held.lines }, causation);
    state.set(reservationKey(orderId), { ...held, released: true });
  }
}
