import { createHash } from 'node:crypto';
import type { ClientConfig } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';

/** What the runtime's own statements run on: a transaction's QueryRunner, or the DataSource (autocommit, its pool). */
export type RuntimeDb = QueryRunner | DataSource;

interface PgQueryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

const names = new Map<string, string>();

/** A stable name per statement text (texts depend on the runtime schema, so the name is derived from the text). */
function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `chronicle_rt_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

const isQueryRunner = (db: RuntimeDb): db is QueryRunner => 'manager' in db && 'release' in db && typeof (db as QueryRunner).connect === 'function';

/**
 * Runs one of the runtime's own statements as a named prepared statement: the driver parses it
 * once per connection and PostgreSQL plans it from its cached plan, instead of parsing and
 * planning it on every call (TypeORM's queries are unnamed; for these short statements the
 * planning cost more server time than the execution). On a QueryRunner it runs on the
 * runner's connection, inside its transaction; on a DataSource, on a connection of its pool.
 * Errors are the driver's (pg) errors.
 */
export async function queryPrepared<T>(db: RuntimeDb, text: string, values: unknown[]): Promise<T[]> {
  const statement = { name: statementName(text), text, values };
  const target: PgQueryable = isQueryRunner(db) ? ((await db.connect()) as PgQueryable) : driverPool(db);
  const { rows } = await target.query(statement);
  return rows as T[];
}

/** The pg Pool of a DataSource's postgres driver (its `options` are the connection settings). */
export function driverPool(dataSource: DataSource): PgQueryable & { options: ClientConfig } {
  const pool = (dataSource.driver as unknown as { master?: PgQueryable & { options?: ClientConfig } }).master;
  if (!pool?.options) throw new Error('@chronicle/projections needs an initialized DataSource with the postgres driver');
  return pool as PgQueryable & { options: ClientConfig };
}
