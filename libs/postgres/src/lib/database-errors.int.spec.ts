import { findFreePort, useTestDatabase } from '@chronicle/testing';
import { Client } from 'pg';
import { isDatabaseUnavailable } from './database-errors';
import { createPostgresPool } from './postgres-pool';
import { databaseErrorKindOf } from './sql-state';

describe('a database outage, as the driver reports it', () => {
  const db = useTestDatabase();

  it('classifies a refused connection, a terminated session and a lost pool connection as unavailable', async () => {
    const closed = createPostgresPool({ connectionString: `postgres://postgres@127.0.0.1:${await findFreePort()}/postgres`, connectTimeoutMs: 500 });
    const refused = await closed.query('SELECT 1').catch((e: unknown) => e);
    await closed.end();
    expect(isDatabaseUnavailable(refused)).toBe(true);

    const victim = new Client({ connectionString: db.connectionString });
    victim.on('error', () => undefined);
    await victim.connect();
    const terminated = await victim.query('SELECT pg_terminate_backend(pg_backend_pid())').catch((e: unknown) => e);
    await victim.end().catch(() => undefined);
    expect(isDatabaseUnavailable(terminated)).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: terminated }))).toBe(true);
  });

  it('never calls a verdict on the data an outage', async () => {
    const pool = createPostgresPool({ connectionString: db.connectionString });
    try {
      const divided = await pool.query('SELECT 1/0').catch((e: unknown) => e);
      const unknownTable = await pool.query('SELECT * FROM no_such_table').catch((e: unknown) => e);
      expect(isDatabaseUnavailable(divided)).toBe(false);
      expect(databaseErrorKindOf(divided)).toBe('invalid_data');
      expect(isDatabaseUnavailable(unknownTable)).toBe(false);
    } finally {
      await pool.end();
    }
  });

  it('keeps a pool usable (and the process alive) when the server ends its idle connections', async () => {
    const errors: Error[] = [];
    const pool = createPostgresPool({ connectionString: db.connectionString, applicationName: 'pool-under-test', onError: (e) => errors.push(e) });
    try {
      await Promise.all([pool.query('SELECT pg_sleep(0.05)'), pool.query('SELECT pg_sleep(0.05)')]);
      const admin = new Client({ connectionString: db.connectionString });
      admin.on('error', () => undefined);
      await admin.connect();
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'pool-under-test'`);
      await admin.end();
      for (const deadline = Date.now() + 5_000; errors.length === 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
      expect(errors.length).toBeGreaterThan(0); // the idle clients' errors reached the listener, not the process
      const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
      expect(rows[0]?.one).toBe(1);
    } finally {
      await pool.end();
    }
  });
});
