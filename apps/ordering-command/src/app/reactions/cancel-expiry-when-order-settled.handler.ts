import { Injectable } from '@nestjs/common';
import type { OrderCancelled, OrderConfirmed, OrderExpired, OrderRejected } from '@chronicle/ordering-contracts';
import type { Reaction, ReactionContext } from '@chronicle/projections';
import { ORDER_EXPIRY } from './expire-order-when-expiry-is-due.handler';

type OrderSettled = OrderConfirmed | OrderRejected | OrderCancelled | OrderExpired;

/** An order that left PENDING (confirmed, rejected, cancelled or expired) needs its timer no more. */
@Injectable()
export class CancelExpiryWhenOrderSettledHandler implements Reaction<OrderSettled> {
  async react({ event, timers }: ReactionContext<OrderSettled>): Promise<void> {
    timers.cancel(ORDER_EXPIRY, event.data.orderId);
  }
}
