import type { Pool, PoolClient } from 'pg';
import { appendFunctionsSql } from './append-functions';

/** Any string that is safe as an unquoted PostgreSQL identifier. */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): void {
  if (!IDENTIFIER.test(schema)) {
    throw new Error(`Event store schema '${schema}' must be a lower-case SQL identifier`);
  }
}

/** Arbitrary constant shared by every Chronicle service migrating the same database. */
const MIGRATION_LOCK_KEY = 7_201_884_120_331n;

/**
 * Ordered migrations. Each runs once, in one transaction, under an advisory lock, so
 * several services starting at once are safe. Never edit a shipped migration: add one.
 *
 * Global positions are `(transaction id << 20) + index in the append`, so position order is
 * transaction order. Readers hand out only positions below the read horizon (read-horizon.ts):
 * no transaction still appending can commit an event there, which is what keeps a late commit
 * from being skipped; appends go through the functions of migration 3, which make every
 * appending transaction visible to that horizon.
 *
 * Two writers computing the same next revision of a stream collide on the unique
 * (stream_id, revision) index: the second waits for the first and fails, and the adapter turns
 * that into a WrongExpectedRevisionError (or, for expectedRevision 'any', tries again).
 */
export const migrations: ReadonlyArray<(schema: string) => string> = [
  (s) => `
    -- Only streams that were deleted, tombstoned or given metadata have a row here: appends
    -- never write it. A stream's revision is the highest revision of its events.
    CREATE TABLE ${s}.streams (
      stream_id       text COLLATE "C" PRIMARY KEY,
      deleted_before  bigint NOT NULL DEFAULT 0,
      tombstoned      boolean NOT NULL DEFAULT false,
      metadata        jsonb
    );
    CREATE TABLE ${s}.events (
      position        bigint PRIMARY KEY,
      event_id        uuid NOT NULL,
      -- Byte-wise collation: stream ids are identifiers, and index comparisons stay cheap on any database locale.
      stream_id       text COLLATE "C" NOT NULL,
      revision        bigint NOT NULL,
      type            text NOT NULL,
      schema_version  smallint NOT NULL,
      data            jsonb NOT NULL,
      metadata        jsonb NOT NULL,
      correlation_id  text,
      causation_id    text,
      recorded_at     timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT events_event_id_unique UNIQUE (event_id),
      CONSTRAINT events_stream_revision_unique UNIQUE (stream_id, revision)
    );
  `,
  // The timeline of one correlation id (a request, a saga) across every stream. Partial: events
  // appended without a correlation id cost nothing here.
  (s) => `CREATE INDEX events_correlation_id ON ${s}.events (correlation_id, position) WHERE correlation_id IS NOT NULL`,
  // Appends become functions that take the append lock before their transaction gets an id, so
  // the read horizon waits only for appending transactions (docs/decisions.md #9).
  (s) => appendFunctionsSql(s),
];

/**
 * Runs `work` in one transaction holding the advisory lock every Chronicle migration takes, so
 * services (and replicas) starting at once never race on CREATE SCHEMA / CREATE TABLE.
 */
export async function withMigrationLock(pool: Pool, work: (client: PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    await work(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function migrate(pool: Pool, schema: string): Promise<void> {
  assertSchemaName(schema);
  await withMigrationLock(pool, async (client) => {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.migrations (id int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ id: number }>(`SELECT id FROM ${schema}.migrations`);
    const applied = new Set(rows.map((r) => r.id));
    for (const [index, migration] of migrations.entries()) {
      if (applied.has(index + 1)) continue;
      await client.query(migration(schema));
      await client.query(`INSERT INTO ${schema}.migrations (id) VALUES ($1)`, [index + 1]);
    }
  });
}
