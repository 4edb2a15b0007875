import { ADMIN_URL_ENV, dropRunDatabases, RUN_ID_ENV } from '../lib/test-database';

export default async function globalTeardown(): Promise<void> {
  const server = globalThis.__chronicleEmbeddedPostgres;
  globalThis.__chronicleEmbeddedPostgres = undefined;
  if (server) {
    await server.stop(); // the whole throw-away server goes, databases and all
    return;
  }
  const url = process.env[ADMIN_URL_ENV];
  const runId = process.env[RUN_ID_ENV];
  if (url && runId) await dropRunDatabases(url, runId);
}
