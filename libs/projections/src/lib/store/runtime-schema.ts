import type { DataSource } from 'typeorm';
import { fnv1a } from '../core/partition';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Names of the runtime tables, qualified with the runtime schema. */
export interface RuntimeTables {
  readonly schema: string;
  readonly versions: string;
  readonly checkpoints: string;
  readonly deadLetters: string;
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
    channel: `${schema}_checkpoints`,
  };
}

/** Creates the runtime tables (idempotent; an advisory lock keeps concurrent starts apart). */
export async function migrateRuntimeSchema(dataSource: DataSource, tables: RuntimeTables): Promise<void> {
  await dataSource.transaction(async (manager) => {
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
    // Added after the first release: what a parked event holds back when it is not its stream.
    await manager.query(`ALTER TABLE ${tables.deadLetters} ADD COLUMN IF NOT EXISTS hold_key text`);
    await manager.query(
      `CREATE INDEX IF NOT EXISTS projection_dead_letters_stream ON ${tables.deadLetters} (projection, version, partition, stream_id, position)`,
    );
  });
}
