import { GatewayError } from '../http/gateway-error';

const POSITION = /^(0|[1-9]\d{0,18})$/;

function invalid(field: string, message: string): GatewayError {
  return new GatewayError('VALIDATION_FAILED', 400, `${field} ${message}`, { fields: { [field]: [message] } });
}

/** A query parameter that must be a position or revision (a non-negative integer), if given. */
export function positionParam(field: string, value: unknown): bigint | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !POSITION.test(value)) throw invalid(field, 'must be a non-negative integer');
  return BigInt(value);
}

/** A page size between 1 and `max`. */
export function limitParam(value: unknown, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > max) throw invalid('limit', `must be an integer from 1 to ${max}`);
  return n;
}

export function enumParam<T extends string>(field: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined || value === '') return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) throw invalid(field, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

const CATEGORY = /^[A-Za-z0-9_]{1,100}$/;
const STREAM_ID = /^[A-Za-z0-9_]{1,100}-[^\s]{1,400}$/;

export function categoryParam(value: string): string {
  if (!CATEGORY.test(value)) throw invalid('category', 'must name a stream category, e.g. order');
  return value;
}

export function streamIdParam(value: string): string {
  if (!STREAM_ID.test(value)) throw invalid('streamId', 'must be a stream id, <category>-<id>');
  return value;
}
