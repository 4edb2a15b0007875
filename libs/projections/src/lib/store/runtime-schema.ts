import type { DataSource } from 'typeorm';
import { fnv1a } from '../core/partition';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Names of the runtime tables, qualified with the runtime schema. */
export interface RuntimeTables {
  readonly schema: string;
  readonly versions: string;
  readonly checkpoints: string;
  readonly deadLetters: string;
  /** Reactors' keyed bookkeeping and durable timers. */
  readonly reactorState: string;
  readonly reactorTimers: string;
  /** The last rebuild of each projection and how far it got (what operators follow). */
  readonly rebuilds: string;
  /** NOTIFY channel of checkpoint advances. */
  readonly channel: string;
}

export function runtimeTables(schema: string): RuntimeTables {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid runtime schema name '${schema}'`);
  return {
    schema,
    versions: `"${schema}".projection_versions`,
    checkpoints: `"${schema}".projection_checkpoints`,
    deadLetters: `"${schema}".projection_dead_letters`,
    reactorState: `"${schema}".reactor_state`,
    reactorTimers: `"${schema}".reactor_timers`,
    rebuilds: `"${schema}".projection_rebuilds`,
    channel: `${schema}_checkpoints`,
  };
}

/** Columns added after the first release: [table, column, type]. */
const ADDED_COLUMNS = (tables: RuntimeTables): [string, string, string][] => [
  // What a parked event holds back when it is not its stream.
  [tables.deadLetters, 'hold_key', 'text'],
  // The key whose dead letters hold a timer back (the key of the event that scheduled it).
  [tables.reactorTimers, 'hold_key', 'text'],
];

/**
 * Whether the runtime tables are already as this version wants them, from the catalog alone: no
 * lock on any table. Every app of a system runs this at start-up against the same tables, which
 * the others' workers are using meanwhile; DDL on them (even `ADD COLUMN IF NOT EXISTS` on a column
 * that is there) takes an ACCESS EXCLUSIVE lock, and a statement of another app's worker that
 * touches two of them could deadlock with it.
 */
async function isCurrent(dataSource: DataSource, tables: RuntimeTables): Promise<boolean> {
  const relations = [tables.versions, tables.checkpoints, tables.deadLetters, tables.reactorState, tables.reactorTimers, tables.rebuilds];
  const indexes = [`"${tables.schema}".projection_dead_letters_stream`, `"${tables.schema}".reactor_timers_due`];
  const columns = ADDED_COLUMNS(tables);
  const [row] = (await dataSource.query(
    `SELECT (SELECT bool_and(to_regclass(r) IS NOT NULL) FROM unnest($1::text[]) r)
        AND (SELECT count(*) FROM unnest($2::text[], $3::text[]) AS c(rel, col)
               JOIN pg_attribute a ON a.attrelid = to_regclass(c.rel) AND a.attname = c.col AND NOT a.attisdropped) = $4
        AS current`,
    [[...relations, ...indexes], columns.map(([table]) => table), columns.map(([, column]) => column), columns.length],
  )) as { current: boolean | null }[];
  return row?.current === true;
}

/**
 * What a migration meets when other apps migrate at the same moment, and a new transaction
 * resolves: chosen to break a deadlock (40P01); or told that the schema, a table or an index
 * it found missing exists after all (23505 on the catalog, 42P06, 42P07, 42710). The migration
 * lock serialises the migrations, but a session that looked the schema up before another app
 * created it can still answer "absent" from its catalog caches inside the transaction that
 * waited for the lock (seen with every app of `npm start` starting on a fresh database); a new
 * transaction reads the catalog afresh.
 */
const RETRIED = new Set(['40P01', '23505', '42P06', '42P07', '42710']);
const MIGRATION_ATTEMPTS = 5;

/**
 * Creates the runtime tables (idempotent): nothing but a catalog read when they are current; else
 * under an advisory lock that keeps concurrent starts apart, altering only what is missing, and
 * again after what another app migrating or working at the same time can cause (see RETRIED).
 */
export async function migrateRuntimeSchema(dataSource: DataSource, tables: RuntimeTables): Promise<void> {
  if (await isCurrent(dataSource, tables)) return;
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrate(dataSource, tables);
    } catch (error) {
      if (!RETRIED.has(String((error as { code?: string }).code)) || attempt >= MIGRATION_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

async function migrate(dataSource: DataSource, tables: RuntimeTables): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const addColumn = async (table: string, column: string, type: string): Promise<void> => {
      const [present] = (await manager.query(
        'SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = $2 AND NOT attisdropped',
        [table, column],
      )) as unknown[];
      if (!present) await manager.query(`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${column} ${type}`);
    };
    const [deadLettersHoldKey, timersHoldKey] = ADDED_COLUMNS(tables);
    await manager.query('SELECT pg_advisory_xact_lock($1::int, 0)', [fnv1a(`chronicle-projections-migrate:${tables.schema}`) | 0]);
    await manager.query(`CREATE SCHEMA IF NOT EXISTS "${tables.schema}"`);
    await manager.query(`
      CREATE TABLE IF NOT EXISTS ${tables.versions} (
        projection text PRIMARY KEY,
        active_version int NOT NULL,
        partitions int NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await manager.query(`
      CREATE TABLE IF NOT EXISTS ${tables.checkpoints} (
        projection text NOT NULL,
        version int NOT NULL,
        partition int NOT NULL,
        position int8 NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (projection, version, partition)
      )`);
    await manager.query(`
      CREATE TABLE IF NOT EXISTS ${tables.deadLetters} (
        id bigserial PRIMARY KEY,
        projection text NOT NULL,
        version int NOT NULL,
        partition int NOT NULL,
        stream_id text NOT NULL,
        position int8 NOT NULL,
        event_id text NOT NULL,
        event_type text NOT NULL,
        event jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('failed', 'held')),
        error text,
        attempts int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await addColumn(...deadLettersHoldKey);
    await manager.query(
      `CREATE INDEX IF NOT EXISTS projection_dead_letters_stream ON ${tables.deadLetters} (projection, version, partition, stream_id, position)`,
    );
    // Reactors (events in, commands out) keep no read model: their bookkeeping and timers live here.
    await manager.query(`
      CREATE TABLE IF NOT EXISTS ${tables.reactorState} (
        reactor text NOT NULL,
        key text NOT NULL,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (reactor, key)
      )`);
    await manager.query(`
      CREATE TABLE IF NOT EXISTS ${tables.reactorTimers} (
        reactor text NOT NULL,
        kind text NOT NULL,
        key text NOT NULL,
        due_at timestamptz NOT NULL,
        data jsonb NOT NULL DEFAULT '{}',
        correlation_id text,
        causation_id text NOT NULL,
        -- Who fires it, until when: a poller that died leaves the claim to expire, and another fires it.
        claimed_until timestamptz,
        claim uuid,
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        PRIMARY KEY (reactor, kind, key)
      )`);
    await addColumn(...timersHoldKey);
    await manager.query(`CREATE INDEX IF NOT EXISTS reactor_timers_due ON ${tables.reactorTimers} (reactor, due_at)`);
    await manager.query(`
      CREATE TABLE IF NOT EXISTS ${tables.rebuilds} (
        projection text PRIMARY KEY,
        version int NOT NULL,
        phase text NOT NULL,
        processed bigint NOT NULL DEFAULT 0,
        total bigint NOT NULL DEFAULT 0,
        events_per_second float8 NOT NULL DEFAULT 0,
        eta_seconds float8,
        position int8 NOT NULL DEFAULT 0,
        error text,
        started_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  });
}
