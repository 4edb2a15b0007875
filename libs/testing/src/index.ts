export { startEmbeddedPostgres, findFreePort } from '@chronicle/embedded-postgres';
export type { EmbeddedPostgresServer, EmbeddedPostgresOptions } from '@chronicle/embedded-postgres';
export { createTestDatabase, useTestDatabase, dropRunDatabases, ADMIN_URL_ENV, RUN_ID_ENV } from './lib/test-database';
export type { TestDatabase } from './lib/test-database';
export { decider, handling } from './lib/given-when-then';
