import { randomBytes } from 'node:crypto';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '@chronicle/embedded-postgres';
import { ADMIN_URL_ENV, RUN_ID_ENV } from '../lib/test-database';

declare global {
  // Handed from global setup to global teardown (same process).
  var __chronicleEmbeddedPostgres: EmbeddedPostgresServer | undefined;
}

/**
 * One PostgreSQL per test run: DATABASE_URL when it is set, otherwise an embedded server
 * on a free port. Workers inherit the admin URL and create one database per test file.
 */
export default async function globalSetup(): Promise<void> {
  process.env[RUN_ID_ENV] ??= randomBytes(4).toString('hex');
  if (process.env[ADMIN_URL_ENV]) return;
  if (process.env['DATABASE_URL']) {
    process.env[ADMIN_URL_ENV] = process.env['DATABASE_URL'];
    return;
  }
  const server = await startEmbeddedPostgres({ fast: true });
  globalThis.__chronicleEmbeddedPostgres = server;
  process.env[ADMIN_URL_ENV] = server.connectionString;
}
