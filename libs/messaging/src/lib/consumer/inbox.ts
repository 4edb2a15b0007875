import type { Pool, PoolClient } from 'pg';
import { withMigrationLock } from '@chronicle/event-store';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/** Event ids a consumer has processed: a redelivered or republished event is recognised and dropped. */
export class Inbox {
  private readonly table: string;

  constructor(
    private readonly schema: string,
    private readonly consumer: string,
  ) {
    if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid schema name "${schema}"`);
    this.table = `${schema}.inbox`;
  }

  async migrate(pool: Pool): Promise<void> {
    await withMigrationLock(pool, async (client) => {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${this.table} (consumer text NOT NULL, event_id text NOT NULL, processed_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (consumer, event_id))`,
      );
    });
  }

  /** Inside the handler's transaction: true when the event is new (and is now recorded as processed). */
  async claim(tx: PoolClient, eventId: string): Promise<boolean> {
    const result = await tx.query(`INSERT INTO ${this.table} (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [this.consumer, eventId]);
    return result.rowCount === 1;
  }
}
