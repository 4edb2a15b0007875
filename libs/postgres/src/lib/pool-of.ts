import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/** The pg Pool behind a TypeORM DataSource (postgres driver): the one pool a Chronicle process uses. */
export function poolOf(dataSource: DataSource): Pool {
  const pool = (dataSource.driver as unknown as { master?: Pool }).master;
  if (!pool || typeof pool.query !== 'function') throw new Error('poolOf needs an initialized DataSource with the postgres driver');
  return pool;
}
