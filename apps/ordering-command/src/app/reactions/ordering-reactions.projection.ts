import type { RecordedEvent } from '@chronicle/event-store';
import { Projection, type ProjectionHandler } from '@chronicle/projections';
import type { EntityManager } from 'typeorm';
import { createExpiryTimersTable } from '../timers/order-expiry-timers';
import { CancelExpiryWhenOrderSettledHandler } from './cancel-expiry-when-order-settled.handler';
import { ConfirmOrderWhenStockReservedHandler } from './confirm-order-when-stock-reserved.handler';
import { REACTION_TRIGGERS, readTrigger } from './reaction-triggers';
import { RejectOrderWhenStockReservationRejectedHandler } from './reject-order-when-stock-reservation-rejected.handler';
import { ScheduleExpiryWhenOrderPlacedHandler } from './schedule-expiry-when-order-placed.handler';

/** Projection names allow no '-': this is the ordering-reactions subscriber. */
export const ORDERING_REACTIONS = 'ordering_reactions';

/** Every trigger names its order: a poison event holds back only that order, not the whole warehouse stream. */
const byOrder = (event: RecordedEvent): string => {
  const orderId = (event.data as { orderId?: unknown } | null)?.orderId;
  return typeof orderId === 'string' && orderId.length > 0 ? `order:${orderId}` : event.streamId;
};

/**
 * The order saga (choreography) on the checkpointed projections runtime: reactions survive
 * restarts, a redelivered event sends the same deterministic command ids, and a reaction that
 * keeps failing is parked as a dead letter instead of stopping the process.
 */
@Projection({ name: ORDERING_REACTIONS, handles: REACTION_TRIGGERS, holdKey: byOrder })
export class OrderingReactionsProjection implements ProjectionHandler {
  constructor(
    private readonly confirmOrder: ConfirmOrderWhenStockReservedHandler,
    private readonly rejectOrder: RejectOrderWhenStockReservationRejectedHandler,
    private readonly scheduleExpiry: ScheduleExpiryWhenOrderPlacedHandler,
    private readonly cancelExpiry: CancelExpiryWhenOrderSettledHandler,
  ) {}

  async setup(manager: EntityManager): Promise<void> {
    await createExpiryTimersTable(manager);
  }

  async apply(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
    const event = readTrigger(recorded);
    switch (event.type) {
      case 'StockReserved':
        return this.confirmOrder.react(event, recorded);
      case 'StockReservationRejected':
        return this.rejectOrder.react(event, recorded);
      case 'OrderPlaced':
        return this.scheduleExpiry.react(event, recorded, manager);
      case 'OrderConfirmed':
      case 'OrderRejected':
      case 'OrderCancelled':
      case 'OrderExpired':
        return this.cancelExpiry.react(event, manager);
      default:
        return;
    }
  }
}
