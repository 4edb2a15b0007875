import type { RecordedEvent } from '@chronicle/event-store';
import { orderingEvents } from '@chronicle/ordering-contracts';
import { Reactor, type ReactorClass, type ReactorSteps } from '@chronicle/projections';
import { ReleaseStockWhenOrderClosedHandler } from './release-stock-when-order-closed.handler';
import { ReserveStockWhenOrderPlacedHandler } from './reserve-stock-when-order-placed.handler';

/** Reactor names allow no `-`: this is the `inventory-reactions` subscriber. */
export const INVENTORY_REACTIONS = 'inventory_reactions';

/** One order's events wait behind its poison event; other orders go on. */
const byOrder = (event: RecordedEvent): string => {
  const orderId = (event.data as { orderId?: unknown } | null)?.orderId;
  return typeof orderId === 'string' && orderId.length > 0 ? `order:${orderId}` : event.streamId;
};

/**
 * The inventory side of the order saga (choreography): ordering events in, warehouse commands
 * out. Which order holds which lines is the reactor's state, committed with its checkpoint.
 */
@Reactor({
  name: INVENTORY_REACTIONS,
  events: orderingEvents,
  holdKey: byOrder,
  // Never change: the warehouse stores the command ids derived from it.
  commandIdNamespace: '3b0f8e52-94c1-4f7e-8d2a-5c6e1a7b9d40',
})
export class InventoryReactor implements ReactorClass {
  constructor(
    private readonly reserveStock: ReserveStockWhenOrderPlacedHandler,
    private readonly releaseStock: ReleaseStockWhenOrderClosedHandler,
  ) {}

  steps(): ReactorSteps {
    return {
      reactions: [
        { on: 'OrderPlaced', name: 'reserve-stock-when-order-placed', run: this.reserveStock },
        { on: ['OrderCancelled', 'OrderExpired'], name: 'release-stock-when-order-closed', run: this.releaseStock },
      ],
    };
  }
}
