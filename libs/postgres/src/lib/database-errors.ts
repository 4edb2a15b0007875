/** Stable code of every "the database cannot be reached right now" failure, at every boundary. */
export const DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE';

/** The database cannot be reached (down, restarting, connection lost): retry later; a 503 at the edge. */
export class DatabaseUnavailableError extends Error {
  readonly code = DATABASE_UNAVAILABLE;
  constructor(message = 'The database is unavailable', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

/** Socket-level failures of the connection itself. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

/**
 * SQLSTATEs that mean "not now" rather than "not this request": connection exceptions (08),
 * the server shutting down or starting (57P01..57P03), too many connections (53300).
 */
const UNAVAILABLE_STATES = /^(08...|57P0[123]|53300)$/;

/** What node-postgres and pg-pool say when a connection dies or cannot be had. */
const DRIVER_MESSAGES = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended|terminating connection/i;

/**
 * Whether `error` (or anything in its `cause` / `driverError` chain) says the database cannot be
 * reached, as opposed to a problem with the request (a constraint, bad data, SQL).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 8; depth++) {
    if (current instanceof DatabaseUnavailableError) return true;
    const candidate = current as { code?: unknown; message?: unknown; cause?: unknown; driverError?: unknown; errors?: unknown };
    if (typeof candidate.code === 'string' && (NETWORK_CODES.has(candidate.code) || UNAVAILABLE_STATES.test(candidate.code))) return true;
    if (typeof candidate.message === 'string' && DRIVER_MESSAGES.test(candidate.message) && typeof candidate.code !== 'string') return true;
    // AggregateError (a connect attempt to several addresses) holds the network errors.
    if (Array.isArray(candidate.errors) && candidate.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    current = candidate.driverError ?? candidate.cause;
  }
  return false;
}
