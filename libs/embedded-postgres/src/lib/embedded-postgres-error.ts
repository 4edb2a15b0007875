/** Why the embedded server could not start; every message is one line that says what to do. */
export const EmbeddedPostgresErrorCodes = {
  /** No way to run the binaries as the server's user (a private workspace, a noexec temp dir). */
  BINARIES_UNREACHABLE: 'EMBEDDED_POSTGRES_BINARIES_UNREACHABLE',
  /** The data directory is somewhere the server's user cannot reach, and cannot be placed elsewhere. */
  DATA_DIR_UNREACHABLE: 'EMBEDDED_POSTGRES_DATA_DIR_UNREACHABLE',
  /** The data directory was made by another PostgreSQL major version, or is not a cluster at all. */
  DATA_DIR_INCOMPATIBLE: 'EMBEDDED_POSTGRES_DATA_DIR_INCOMPATIBLE',
  /** Running as root and there is no 'postgres' user to run the server as, nor a way to create one. */
  NO_SERVER_USER: 'EMBEDDED_POSTGRES_NO_SERVER_USER',
  /** initdb or postgres itself failed (the first FATAL line says why). */
  SERVER_FAILED: 'EMBEDDED_POSTGRES_SERVER_FAILED',
} as const;

export type EmbeddedPostgresErrorCode = (typeof EmbeddedPostgresErrorCodes)[keyof typeof EmbeddedPostgresErrorCodes];

export class EmbeddedPostgresError extends Error {
  override readonly name = 'EmbeddedPostgresError';

  constructor(
    readonly code: EmbeddedPostgresErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const codes: ReadonlySet<unknown> = new Set(Object.values(EmbeddedPostgresErrorCodes));

/** Checks the code, not the class, as everywhere in Chronicle (a second copy of this module must not matter). */
export const isEmbeddedPostgresError = (error: unknown): error is EmbeddedPostgresError =>
  error instanceof Error && codes.has((error as { code?: unknown }).code);
