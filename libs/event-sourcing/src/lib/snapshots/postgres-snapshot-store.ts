import { createPostgresPool } from '@chronicle/postgres';
import type { Pool } from 'pg';
import { withMigrationLock, type JsonValue } from '@chronicle/event-store';
import type { Snapshot, SnapshotStore } from './snapshot-store';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PostgresSnapshotStoreOptions {
  connectionString?: string;
  pool?: Pool;
  /** Default `chronicle`, beside the event store's tables. */
  schema?: string;
}

/** Snapshots in one PostgreSQL table, one row per stream. */
export class PostgresSnapshotStore implements SnapshotStore {
  private readonly pool: Pool;
  private readonly ownsPool: boolean;
  private readonly schema: string;

  private constructor(options: PostgresSnapshotStoreOptions) {
    this.schema = options.schema ?? 'chronicle';
    if (!SCHEMA_NAME.test(this.schema)) throw new Error(`Snapshot schema '${this.schema}' must be a lower-case SQL identifier`);
    if (options.pool) {
      this.pool = options.pool;
      this.ownsPool = false;
    } else {
      this.pool = createPostgresPool({ connectionString: options.connectionString ?? '', max: 4, applicationName: 'chronicle-snapshots' });
      this.ownsPool = true;
    }
  }

  static async create(options: PostgresSnapshotStoreOptions): Promise<PostgresSnapshotStore> {
    const store = new PostgresSnapshotStore(options);
    await store.migrate();
    return store;
  }

  private async migrate(): Promise<void> {
    await withMigrationLock(this.pool, async (client) => {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${this.schema}.snapshots (
        stream_id text PRIMARY KEY,
        revision bigint NOT NULL,
        version int NOT NULL,
        state jsonb NOT NULL,
        taken_at timestamptz NOT NULL DEFAULT now()
      )`);
    });
  }

  async load(streamId: string): Promise<Snapshot | undefined> {
    const { rows } = await this.pool.query<{ revision: string; version: number; state: JsonValue }>({
      name: `${this.schema}.snapshot_load`,
      text: `SELECT revision::text AS revision, version, state FROM ${this.schema}.snapshots WHERE stream_id = $1`,
      values: [streamId],
    });
    const row = rows[0];
    return row && { streamId, revision: BigInt(row.revision), version: row.version, state: row.state };
  }

  async save(snapshot: Snapshot): Promise<void> {
    await this.pool.query({
      name: `${this.schema}.snapshot_save`,
      text: `INSERT INTO ${this.schema}.snapshots AS s (stream_id, revision, version, state) VALUES ($1, $2, $3, $4::jsonb)
             ON CONFLICT (stream_id) DO UPDATE SET revision = EXCLUDED.revision, version = EXCLUDED.version,
               state = EXCLUDED.state, taken_at = now()
             WHERE s.revision < EXCLUDED.revision OR s.version <> EXCLUDED.version`,
      values: [snapshot.streamId, snapshot.revision.toString(), snapshot.version, JSON.stringify(snapshot.state)],
    });
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}
