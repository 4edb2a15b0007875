import type { RecordedEvent } from '@chronicle/event-store';
import { inventoryEvents } from '@chronicle/inventory-contracts';
import { orderingEvents } from '@chronicle/ordering-contracts';
import { Reactor, type ReactorClass, type ReactorSteps } from '@chronicle/projections';
import { CancelExpiryWhenOrderSettledHandler } from './cancel-expiry-when-order-settled.handler';
import { ConfirmOrderWhenStockReservedHandler } from './confirm-order-when-stock-reserved.handler';
import { ExpireOrderWhenExpiryIsDueHandler, ORDER_EXPIRY } from './expire-order-when-expiry-is-due.handler';
import { RejectOrderWhenStockReservationRejectedHandler } from './reject-order-when-stock-reservation-rejected.handler';
import { ScheduleExpiryWhenOrderPlacedHandler } from './schedule-expiry-when-order-placed.handler';

/** Reactor names allow no '-': this is the ordering-reactions subscriber. */
export const ORDERING_REACTIONS = 'ordering_reactions';

/** Every trigger names its order: a poison event holds back only that order, not the whole warehouse stream. */
const byOrder = (event: RecordedEvent): string => {
  const orderId = (event.data as { orderId?: unknown } | null)?.orderId;
  return typeof orderId === 'string' && orderId.length > 0 ? `order:${orderId}` : event.streamId;
};

/**
 * The ordering side of the order saga (choreography): inventory's answers settle the order; the
 * order's own lifecycle runs its expiry timer, which expires an order still pending when it is due.
 */
@Reactor({
  name: ORDERING_REACTIONS,
  events: [...inventoryEvents, ...orderingEvents],
  holdKey: byOrder,
  // Never change: the order streams store the command ids derived from it.
  commandIdNamespace: '9a4c2f1e-5b7d-4e3a-8c6f-0d1e2b3a4c5d',
})
export class OrderingReactor implements ReactorClass {
  constructor(
    private readonly confirmOrder: ConfirmOrderWhenStockReservedHandler,
    private readonly rejectOrder: RejectOrderWhenStockReservationRejectedHandler,
    private readonly scheduleExpiry: ScheduleExpiryWhenOrderPlacedHandler,
    private readonly cancelExpiry: CancelExpiryWhenOrderSettledHandler,
    private readonly expireOrder: ExpireOrderWhenExpiryIsDueHandler,
  ) {}

  steps(): ReactorSteps {
    return {
      reactions: [
        { on: 'StockReserved', name: 'confirm-order-when-stock-reserved', run: this.confirmOrder },
        { on: 'StockReservationRejected', name: 'reject-order-when-stock-reservation-rejected', run: this.rejectOrder },
        { on: 'OrderPlaced', name: 'schedule-expiry-when-order-placed', run: this.scheduleExpiry },
        { on: ['OrderConfirmed', 'OrderRejected', 'OrderCancelled', 'OrderExpired'], name: 'cancel-expiry-when-order-settled', run: this.cancelExpiry },
      ],
      timers: [{ kind: ORDER_EXPIRY, name: 'expire-order-when-expiry-is-due', run: this.expireOrder }],
    };
  }
}
