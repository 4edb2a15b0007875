import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from './test-database';

/** A write transaction held open on its own connection until `release()` commits it. */
export interface OpenTransaction {
  /** Its transaction id: it holds one, like any session that has written. */
  readonly xid: bigint;
  release(): Promise<void>;
}

/**
 * Opens a transaction on `connectionString` that writes one row and stays open, as an
 * idle-in-transaction session, a long migration or another team's batch job would.
 */
export async function holdWriteTransaction(connectionString: string): Promise<OpenTransaction> {
  const client = new Client({ connectionString });
  client.on('error', () => undefined);
  await client.connect();
  await client.query('CREATE TABLE IF NOT EXISTS chronicle_test_unrelated_writes (at timestamptz NOT NULL DEFAULT now())');
  await client.query('BEGIN');
  await client.query('INSERT INTO chronicle_test_unrelated_writes DEFAULT VALUES');
  const { rows } = await client.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid');
  let released = false;
  return {
    xid: BigInt(rows[0].xid),
    async release() {
      if (released) return;
      released = true;
      await client.query('COMMIT').catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

/** `holdWriteTransaction` in a database of its own on the test server (another tenant, another team). */
export async function holdWriteTransactionInAnotherDatabase(): Promise<OpenTransaction & { database: TestDatabase }> {
  const database = await createTestDatabase();
  const open = await holdWriteTransaction(database.connectionString);
  return {
    database,
    xid: open.xid,
    async release() {
      await open.release();
      await database.drop();
    },
  };
}
