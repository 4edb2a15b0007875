import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Set by the Jest global setup: a superuser URL of the run's PostgreSQL server. */
export const ADMIN_URL_ENV = 'CHRONICLE_TEST_ADMIN_URL';
/** Set by the Jest global setup: names this run's databases, so teardown drops exactly them. */
export const RUN_ID_ENV = 'CHRONICLE_TEST_RUN_ID';
const DATABASE_PREFIX = 'chronicle_test';

export interface TestDatabase {
  readonly name: string;
  readonly connectionString: string;
  /** Drops the database (terminating leftover connections). */
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env[ADMIN_URL_ENV] ?? process.env['DATABASE_URL'];
  if (!url) {
    throw new Error(`No test PostgreSQL: run tests through Jest with the @chronicle/testing global setup, or set DATABASE_URL`);
  }
  return url;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates a fresh, empty database on the run's server, so test files can run in parallel. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const url = adminUrl();
  const name = `${DATABASE_PREFIX}_${process.env[RUN_ID_ENV] ?? 'adhoc'}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    name,
    connectionString: withDatabase(url, name),
    async drop() {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Gives the calling test file its own database (created in beforeAll). It is dropped with
 * the rest of the run's databases at global teardown, after every file has closed its pools.
 * Read `.connectionString` inside tests and hooks.
 */
export function useTestDatabase(): { readonly connectionString: string } {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  return {
    get connectionString() {
      if (!database) throw new Error('useTestDatabase(): the database exists only inside tests and hooks');
      return database.connectionString;
    },
  };
}

/** Drops every database a run created (used by the global teardown on a shared server). */
export async function dropRunDatabases(url: string, runId: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${DATABASE_PREFIX}_${runId}_%`],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
