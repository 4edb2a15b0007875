import { Pool } from 'pg';
import type { BenchEvent } from '../../lib/events';
import type { AppendContender, ContenderOptions } from './types';

const TABLE = 'bench_raw.events';

/** The limit: plain INSERTs (autocommit) into a minimal table, one multi-row INSERT per batch. */
export async function createRawContender(options: ContenderOptions): Promise<AppendContender> {
  const pool = new Pool({ connectionString: options.connectionString, max: options.poolSize });
  await pool.query(`
    CREATE SCHEMA IF NOT EXISTS bench_raw;
    CREATE TABLE IF NOT EXISTS ${TABLE} (
      id bigserial PRIMARY KEY,
      stream_id text NOT NULL,
      type text NOT NULL,
      data jsonb NOT NULL
    );`);
  const sqlByCount = new Map<number, string>();
  const insertSql = (count: number): string => {
    let sql = sqlByCount.get(count);
    if (!sql) {
      const values = Array.from({ length: count }, (_, i) => `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3})`);
      sql = `INSERT INTO ${TABLE} (stream_id, type, data) VALUES ${values.join(', ')}`;
      sqlByCount.set(count, sql);
    }
    return sql;
  };
  return {
    name: 'raw',
    async append(streamId: string, events: readonly BenchEvent[]): Promise<void> {
      const params: string[] = [];
      for (const e of events) params.push(streamId, e.type, JSON.stringify(e.data));
      await pool.query(insertSql(events.length), params);
    },
    close: () => pool.end(),
  };
}
