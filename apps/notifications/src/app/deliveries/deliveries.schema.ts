import type { DataSource } from 'typeorm';

/**
 * The outbox lives outside the projection's versioned schemas (`notifications_v<n>`): a rebuild
 * of the projection replays every event, and must find every effect already recorded.
 */
export const DELIVERIES_SCHEMA = 'chronicle_notifications';
export const DELIVERIES_TABLE = `${DELIVERIES_SCHEMA}.deliveries`;
/** NOTIFY channel: the payload is the delivery channel that has new work. */
export const DELIVERIES_NOTIFY = 'chronicle_notifications';

/** Creates the outbox (idempotent; serialized so two processes starting together do not race). */
export async function migrateDeliveries(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('chronicle_notifications.migrate'))`);
    await manager.query(`
      CREATE SCHEMA IF NOT EXISTS ${DELIVERIES_SCHEMA};
      CREATE TABLE IF NOT EXISTS ${DELIVERIES_TABLE} (
        handler text NOT NULL,
        event_id text NOT NULL,
        event_type text NOT NULL,
        event_position bigint NOT NULL,
        channel text NOT NULL,
        recipient text NOT NULL,
        message jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'sent', 'parked', 'skipped')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        PRIMARY KEY (handler, event_id));
      CREATE INDEX IF NOT EXISTS deliveries_due ON ${DELIVERIES_TABLE} (channel, next_attempt_at, event_position) WHERE status = 'pending';
      -- The trace the decision to send belongs to: the dispatcher's send continues it, however much later.
      ALTER TABLE ${DELIVERIES_TABLE} ADD COLUMN IF NOT EXISTS traceparent text, ADD COLUMN IF NOT EXISTS tracestate text,
        ADD COLUMN IF NOT EXISTS correlation_id text;
    `);
  });
}
