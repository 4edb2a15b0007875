import { Pool } from 'pg';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import type { BenchEvent } from '../../lib/events';
import type { AppendContender, ContenderOptions } from './types';

/**
 * @event-driven-io/emmett-postgresql 0.42.0.
 * It would create its own pg.Pool (pg's default max 10) cached per connection string; we hand it
 * a pg.Pool with `max: poolSize` instead (connectionOptions.pool), and end that pool ourselves.
 * Schema: autoMigration defaults to 'CreateOrUpdate', run lazily by the first append; we run
 * `schema.migrate()` up front so it stays out of the measurement (later calls reuse its promise).
 */
export async function createEmmettContender(options: ContenderOptions): Promise<AppendContender> {
  const pool = new Pool({ connectionString: options.connectionString, max: options.poolSize });
  const store = getPostgreSQLEventStore(options.connectionString, { connectionOptions: { pool } });
  await store.schema.migrate();
  return {
    name: 'emmett',
    async append(streamId: string, events: readonly BenchEvent[]): Promise<void> {
      await store.appendToStream(
        streamId,
        events.map((e) => ({ type: e.type, data: e.data })),
      );
    },
    async close(): Promise<void> {
      try {
        await store.close();
      } finally {
        await pool.end();
      }
    },
  };
}
