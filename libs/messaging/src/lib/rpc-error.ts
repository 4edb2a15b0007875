import { DATABASE_UNAVAILABLE, databaseErrorKindOf, isDatabaseUnavailable } from '@chronicle/postgres';

/** How an error travels over RPC (TCP or NATS): a stable code, a safe message, details. */
export interface RpcErrorPayload {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** Codes of the platform (contexts add their own, e.g. USER_EMAIL_TAKEN). */
export const PlatformErrorCodes = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  WRONG_EXPECTED_REVISION: 'WRONG_EXPECTED_REVISION',
  CONCURRENCY_CONFLICT: 'CONCURRENCY_CONFLICT',
  /** The database refused a write as clashing with a stored row (a unique constraint). */
  CONFLICT: 'CONFLICT',
  /** PostgreSQL cannot be reached right now (down, restarting, connection lost): retry later. */
  DATABASE_UNAVAILABLE,
  PROJECTION_LAGGING: 'PROJECTION_LAGGING',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  TIMEOUT: 'TIMEOUT',
  INTERNAL: 'INTERNAL',
} as const;

const jsonSafe = (value: unknown): unknown => (typeof value === 'bigint' ? value.toString() : value);

/**
 * Turns any error into its wire form. Errors with a string `code` (domain, event store,
 * event sourcing) keep it; their message is meant for callers. A PostgreSQL verdict on the
 * data (SQLSTATE 22, 23: a read model query given a value it cannot hold) is the caller's
 * VALIDATION_FAILED or CONFLICT, with fixed wording. Anything else is an internal error whose
 * message is NOT sent (it may hold SQL or stack details).
 */
export function toRpcError(error: unknown): RpcErrorPayload {
  // First: an outage is an outage, whichever layer wrapped it (the event store, TypeORM, a lease).
  if (isDatabaseUnavailable(error)) return { code: PlatformErrorCodes.DATABASE_UNAVAILABLE, message: 'The database is unavailable; retry shortly' };
  const candidate = error as { code?: unknown; message?: unknown; details?: unknown } | undefined;
  if (candidate && typeof candidate.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(candidate.code)) {
    const details: Record<string, unknown> = { ...(candidate.details as Record<string, unknown> | undefined) };
    for (const key of ['streamId', 'expected', 'actual', 'attempts'] as const) {
      const value = (error as Record<string, unknown>)[key];
      if (value !== undefined) details[key] = jsonSafe(value);
    }
    return {
      code: candidate.code,
      message: typeof candidate.message === 'string' ? candidate.message : candidate.code,
      ...(Object.keys(details).length ? { details } : {}),
    };
  }
  switch (databaseErrorKindOf(error)) {
    case 'invalid_data':
      return { code: PlatformErrorCodes.VALIDATION_FAILED, message: 'The request holds a value the database cannot store or compare' };
    case 'conflict':
      return { code: PlatformErrorCodes.CONFLICT, message: 'The request conflicts with what is already stored' };
  }
  return { code: PlatformErrorCodes.INTERNAL, message: 'Internal error' };
}

/** An error a service answers with: a stable code (e.g. ITEM_NOT_FOUND), a safe message, details. */
export class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** The error a caller gets back from a remote service: the same code, message and details. */
export class RemoteServiceError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown>;
  constructor(payload: RpcErrorPayload, readonly pattern: string) {
    super(payload.message);
    this.name = 'RemoteServiceError';
    this.code = payload.code;
    this.details = payload.details ?? {};
  }
}

export const isRpcErrorPayload = (value: unknown): value is RpcErrorPayload =>
  typeof value === 'object' && value !== null && typeof (value as RpcErrorPayload).code === 'string' && typeof (value as RpcErrorPayload).message === 'string';
