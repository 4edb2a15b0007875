import { Logger } from '@nestjs/common';
import type { RecordedEvent } from '@chronicle/event-store';
import { EventRegistry } from '@chronicle/event-sourcing';
import { orderingEvents, type OrderEvent } from '@chronicle/ordering-contracts';
import { Projection, type ProjectionHandler } from '@chronicle/projections';
import type { EntityManager } from 'typeorm';
import { createOrderReservationsTable } from './order-reservations';
import { ReleaseStockWhenOrderClosedHandler } from './release-stock-when-order-closed.handler';
import { ReserveStockWhenOrderPlacedHandler } from './reserve-stock-when-order-placed.handler';

/** Projection names allow no `-`: this is the `inventory-reactions` subscriber. */
export const INVENTORY_REACTIONS = 'inventory_reactions';

const handles: OrderEvent['type'][] = ['OrderPlaced', 'OrderCancelled', 'OrderExpired'];

/**
 * The inventory side of the order saga (choreography): ordering events in, warehouse commands
 * out. Runs on the projections runtime, so its checkpoint is durable, a failing event is retried
 * then parked in the dead-letter table, and one order's events arrive in order. Its effects are
 * commands with deterministic ids, so applying an event twice changes nothing.
 */
@Projection({ name: INVENTORY_REACTIONS, handles })
export class InventoryReactionsProjection implements ProjectionHandler {
  private readonly logger = new Logger(InventoryReactionsProjection.name);
  /** Ordering's published events, upcast to their current shape and validated before we act. */
  private readonly registry = new EventRegistry(orderingEvents);

  constructor(
    private readonly reserveStock: ReserveStockWhenOrderPlacedHandler,
    private readonly releaseStock: ReleaseStockWhenOrderClosedHandler,
  ) {}

  async setup(manager: EntityManager): Promise<void> {
    await createOrderReservationsTable(manager);
  }

  async apply(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
    try {
      const event = this.registry.upcast(recorded.type, recorded.schemaVersion, recorded.data) as OrderEvent;
      switch (event.type) {
        case 'OrderPlaced':
          return await this.reserveStock.handle(event, recorded, manager);
        case 'OrderCancelled':
        case 'OrderExpired':
          return await this.releaseStock.handle(event, recorded, manager);
      }
    } catch (error) {
      this.logger.warn(`Reaction to ${recorded.type} ${recorded.eventId} (${recorded.streamId}) failed: ${(error as Error).message}`);
      throw error;
    }
  }
}
