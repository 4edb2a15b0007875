export { startEmbeddedPostgres } from './lib/embedded-postgres';
export type { EmbeddedPostgresServer, EmbeddedPostgresOptions } from './lib/embedded-postgres';
export { findFreePort } from './lib/free-port';
export { deleteEmbeddedPostgresData } from './lib/delete-data';
export { EmbeddedPostgresError, EmbeddedPostgresErrorCodes, isEmbeddedPostgresError } from './lib/embedded-postgres-error';
export type { EmbeddedPostgresErrorCode } from './lib/embedded-postgres-error';
