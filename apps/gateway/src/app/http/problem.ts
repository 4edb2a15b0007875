import { HttpException, HttpStatus } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { identityErrorKinds } from '@chronicle/identity-contracts';
import { inventoryErrorKinds } from '@chronicle/inventory-contracts';
import { orderingErrorKinds } from '@chronicle/ordering-contracts';
import { EventStoreErrorCodes } from '@chronicle/event-store';
import { PlatformErrorCodes } from '@chronicle/messaging';
import { isDatabaseUnavailable } from '@chronicle/postgres';
import { GatewayError, GatewayErrorCodes } from './gateway-error';

/** RFC 9457 problem details, plus our stable `code` and the request's correlation id. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  correlationId: string;
  [extension: string]: unknown;
}

const kindStatus = { not_found: 404, conflict: 409, unauthorized: 401 } as const;

/** Every context's published error codes and their kinds. */
const errorKinds: Record<string, keyof typeof kindStatus> = { ...identityErrorKinds, ...inventoryErrorKinds, ...orderingErrorKinds };

const platformStatus: Record<string, number> = {
  [PlatformErrorCodes.VALIDATION_FAILED]: 400,
  [PlatformErrorCodes.WRONG_EXPECTED_REVISION]: 412,
  [PlatformErrorCodes.CONCURRENCY_CONFLICT]: 409,
  [PlatformErrorCodes.CONFLICT]: 409,
  // The event store's verdicts on what a command tried to write: the request's fault, not ours.
  [EventStoreErrorCodes.EVENT_VALIDATION_FAILED]: 400,
  [EventStoreErrorCodes.EVENT_STORE_CONFLICT]: 409,
  [EventStoreErrorCodes.DUPLICATE_EVENT_ID]: 409,
  [PlatformErrorCodes.PROJECTION_LAGGING]: 503,
  [PlatformErrorCodes.SERVICE_UNAVAILABLE]: 503,
  [PlatformErrorCodes.DATABASE_UNAVAILABLE]: 503,
  [EventStoreErrorCodes.EVENT_STORE_UNAVAILABLE]: 503,
  [PlatformErrorCodes.TIMEOUT]: 504,
  [PlatformErrorCodes.INTERNAL]: 500,
};

/** The HTTP status of an error code from any service: the one place the taxonomy maps to HTTP. */
export function statusOfCode(code: string): number {
  const kind = Object.hasOwn(errorKinds, code) ? errorKinds[code] : undefined;
  if (kind) return kindStatus[kind];
  if (code in platformStatus) return platformStatus[code];
  if (code.endsWith('_NOT_FOUND')) return 404;
  if (code.endsWith('_ALREADY_EXISTS') || code.endsWith('_TAKEN') || code.endsWith('_DELETED')) return 409;
  return 500;
}

const titleOf = (status: number): string => HttpStatus[status]?.toLowerCase().replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()) ?? 'Error';

const httpCodes: Record<number, string> = {
  400: PlatformErrorCodes.VALIDATION_FAILED,
  401: GatewayErrorCodes.UNAUTHENTICATED,
  403: GatewayErrorCodes.FORBIDDEN,
  404: GatewayErrorCodes.NOT_FOUND,
  413: GatewayErrorCodes.PAYLOAD_TOO_LARGE,
  415: GatewayErrorCodes.UNSUPPORTED_MEDIA_TYPE,
  429: GatewayErrorCodes.THROTTLED,
};

const serverErrorDetail: Record<string, string> = {
  [PlatformErrorCodes.PROJECTION_LAGGING]: 'The read model has not reached the requested position yet; retry shortly',
  [PlatformErrorCodes.SERVICE_UNAVAILABLE]: 'A downstream service is unavailable',
  [PlatformErrorCodes.DATABASE_UNAVAILABLE]: 'The database is unavailable; retry shortly',
  [EventStoreErrorCodes.EVENT_STORE_UNAVAILABLE]: 'The event store is unavailable; retry shortly',
  [PlatformErrorCodes.TIMEOUT]: 'A downstream service did not answer in time',
};

interface Classified {
  code: string;
  status: number;
  detail: string;
  extensions: Record<string, unknown>;
}

function classify(error: unknown): Classified {
  // The gateway's own queries (idempotency keys, the live feed) during an outage, whatever wrapped them.
  if (isDatabaseUnavailable(error)) {
    const code = PlatformErrorCodes.DATABASE_UNAVAILABLE;
    return { code, status: 503, detail: serverErrorDetail[code] ?? 'The database is unavailable', extensions: {} };
  }
  if (error instanceof GatewayError) return { code: error.code, status: error.status, detail: error.message, extensions: error.details };
  if (error instanceof ThrottlerException) return { code: GatewayErrorCodes.THROTTLED, status: 429, detail: 'Too many requests; slow down', extensions: {} };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return { code: httpCodes[status] ?? (status >= 500 ? GatewayErrorCodes.INTERNAL : `HTTP_${status}`), status, detail: status >= 500 ? 'Internal error' : error.message, extensions: {} };
  }
  const candidate = (error ?? {}) as { code?: unknown; message?: unknown; details?: unknown };
  // Downstream services' RemoteServiceError (and typed errors): a stable UPPER_SNAKE code.
  if (typeof candidate.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(candidate.code)) {
    const status = statusOfCode(candidate.code);
    // A downstream failure's message may name hosts or internals: 5xx answers use fixed wording.
    if (status >= 500) return { code: candidate.code, status, detail: serverErrorDetail[candidate.code] ?? 'Internal error', extensions: {} };
    return {
      code: candidate.code,
      status,
      detail: typeof candidate.message === 'string' ? candidate.message : candidate.code,
      extensions: candidate.details && typeof candidate.details === 'object' ? (candidate.details as Record<string, unknown>) : {},
    };
  }
  return { code: GatewayErrorCodes.INTERNAL, status: 500, detail: 'Internal error', extensions: {} };
}

/** Turns any error into a problem document; internal errors never leak their message, stack or SQL. */
export function problemFrom(error: unknown, correlationId: string): Problem {
  const { code, status, detail, extensions } = classify(error);
  return {
    ...extensions,
    type: `urn:chronicle:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title: titleOf(status),
    status,
    detail,
    code,
    correlationId,
  };
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
