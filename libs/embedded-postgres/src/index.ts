export { startEmbeddedPostgres, findFreePort } from './lib/embedded-postgres';
export type { EmbeddedPostgresServer, EmbeddedPostgresOptions } from './lib/embedded-postgres';
