import type { EntityManager } from 'typeorm';

/**
 * The durable expiry timers: one row per pending order, written in the reactions' batch
 * transaction (so with their checkpoint). Unqualified: the table lives in the active version
 * schema of the reactions projection, which the caller's search_path points at.
 */
export interface ExpiryTimer {
  orderId: string;
  dueAt: Date;
  correlationId: string | null;
  sourceEventId: string;
}

export async function createExpiryTimersTable(manager: EntityManager): Promise<void> {
  await manager.query(`
    CREATE TABLE order_expiry_timers (
      order_id uuid PRIMARY KEY, due_at timestamptz NOT NULL, correlation_id text, source_event_id uuid NOT NULL);
    CREATE INDEX order_expiry_timers_due ON order_expiry_timers (due_at);
  `);
}

/** Starts the timer of an order; a redelivered OrderPlaced finds it there and changes nothing. */
export async function scheduleExpiry(manager: EntityManager, timer: ExpiryTimer): Promise<void> {
  await manager.query(
    `INSERT INTO order_expiry_timers (order_id, due_at, correlation_id, source_event_id) VALUES ($1, $2, $3, $4) ON CONFLICT (order_id) DO NOTHING`,
    [timer.orderId, timer.dueAt, timer.correlationId, timer.sourceEventId],
  );
}

export async function cancelExpiry(manager: EntityManager, orderId: string): Promise<void> {
  await manager.query(`DELETE FROM order_expiry_timers WHERE order_id = $1`, [orderId]);
}

interface TimerRow {
  order_id: string;
  due_at: Date;
  correlation_id: string | null;
  source_event_id: string;
}

/** Locks up to `limit` due timers; timers another poller holds are skipped, not waited for. */
export async function lockDueTimers(manager: EntityManager, limit: number): Promise<ExpiryTimer[]> {
  const rows: TimerRow[] = await manager.query(
    `SELECT order_id, due_at, correlation_id, source_event_id::text FROM order_expiry_timers
     WHERE due_at <= now() ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows.map((r) => ({ orderId: r.order_id, dueAt: r.due_at, correlationId: r.correlation_id, sourceEventId: r.source_event_id }));
}
