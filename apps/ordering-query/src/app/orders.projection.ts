import type { RecordedEvent } from '@chronicle/event-store';
import { orderingEvents, type OrderEvent } from '@chronicle/ordering-contracts';
import { Projection, type ProjectionHandler } from '@chronicle/projections';
import type { EntityManager } from 'typeorm';

export const ORDERS_PROJECTION = 'orders';

const handles: OrderEvent['type'][] = ['OrderPlaced', 'OrderConfirmed', 'OrderRejected', 'OrderCancelled', 'OrderExpired'];

const STATUS_AFTER: Record<Exclude<OrderEvent['type'], 'OrderPlaced'>, string> = {
  OrderConfirmed: 'CONFIRMED',
  OrderRejected: 'REJECTED',
  OrderCancelled: 'CANCELLED',
  OrderExpired: 'EXPIRED',
};

/**
 * Orders with their status. `placed_position` (the global position of OrderPlaced) orders the
 * lists newest first and is the keyset of their cursors. Tables are unqualified: the runtime
 * points search_path at the version being built.
 */
@Projection({ name: ORDERS_PROJECTION, handles, events: orderingEvents })
export class OrdersProjection implements ProjectionHandler {
  async setup(manager: EntityManager): Promise<void> {
    await manager.query(`
      CREATE TABLE orders (
        id uuid PRIMARY KEY, customer_id uuid NOT NULL, status text NOT NULL, lines jsonb NOT NULL, reason text,
        revision bigint NOT NULL, placed_position bigint NOT NULL UNIQUE,
        placed_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
      CREATE INDEX orders_by_customer ON orders (customer_id, placed_position DESC);
      CREATE INDEX orders_by_status ON orders (status, placed_position DESC);
    `);
  }

  async apply(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as OrderEvent;
    const revision = recorded.revision.toString();
    if (event.type === 'OrderPlaced') {
      const d = event.data;
      await manager.query(
        `INSERT INTO orders (id, customer_id, status, lines, revision, placed_position, placed_at, updated_at)
         VALUES ($1, $2, 'PENDING', $3::jsonb, $4, $5, $6, $6)`,
        [d.orderId, d.customerId, JSON.stringify(d.lines), revision, recorded.position.toString(), recorded.recordedAt],
      );
      return;
    }
    await manager.query(`UPDATE orders SET status = $2, reason = coalesce($3, reason), revision = $4, updated_at = $5 WHERE id = $1`, [
      event.data.orderId,
      STATUS_AFTER[event.type],
      event.type === 'OrderRejected' ? event.data.reason : null,
      revision,
      recorded.recordedAt,
    ]);
  }
}
