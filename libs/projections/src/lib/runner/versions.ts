import type { DataSource } from 'typeorm';
import { ProjectionDefinitionError } from '../core/errors';
import { versionSchema, type ProjectionDefinition } from '../core/projection';
import type { RuntimeTables } from '../store/runtime-schema';
import { inVersionTransaction } from './batch-applier';

/**
 * The active version of a projection; the first caller creates version 1 (schema and tables
 * through the handler's setup) under an advisory lock, so concurrent starts create it once.
 */
export async function activeVersion(dataSource: DataSource, tables: RuntimeTables, projection: ProjectionDefinition): Promise<number> {
  const found = await readVersion(dataSource, tables, projection.name);
  if (found) return checked(projection, found);
  await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${versionSchema(projection.name, 1)}"`);
  return inVersionTransaction(dataSource, projection.name, 1, async (runner) => {
    await runner.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`chronicle-projection-init:${projection.name}`]);
    const raced = await readVersion(runner.manager, tables, projection.name);
    if (raced) return checked(projection, raced);
    await projection.handler.setup(runner.manager);
    await runner.query(`INSERT INTO ${tables.versions} (projection, active_version, partitions) VALUES ($1, 1, $2)`, [
      projection.name,
      projection.partitions,
    ]);
    return 1;
  });
}

interface VersionRow {
  active_version: number;
  partitions: number;
}

async function readVersion(
  db: { query(sql: string, params?: unknown[]): Promise<VersionRow[]> },
  tables: RuntimeTables,
  projection: string,
): Promise<VersionRow | undefined> {
  const rows = await db.query(`SELECT active_version, partitions FROM ${tables.versions} WHERE projection = $1`, [projection]);
  return rows[0];
}

function checked(projection: ProjectionDefinition, row: VersionRow): number {
  if (row.partitions !== projection.partitions) {
    throw new ProjectionDefinitionError(
      `Projection '${projection.name}' is declared with ${projection.partitions} partitions but version ${row.active_version} ` +
        `was built with ${row.partitions}: rebuild it to change the partition count`,
    );
  }
  return row.active_version;
}
