import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GatewayError, GatewayErrorCodes } from './gateway-error';
import type { GatewayRequest } from './gateway-request';

const DECIMAL = /^(0|[1-9][0-9]{0,18})$/;

/** `X-Min-Position: 123` → '123' (read-your-writes), absent → undefined, anything else → 400. */
export function parseMinPosition(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && DECIMAL.test(value.trim())) return value.trim();
  throw new GatewayError(GatewayErrorCodes.INVALID_HEADER, 400, 'X-Min-Position must be a position from a command reply (a non-negative integer)');
}

/** `If-Match: "3"` (or W/"3", or 3) → '3'; `*` or absent → undefined (no revision check); anything else → 400. */
export function parseIfMatch(value: string | string[] | undefined): string | undefined {
  if (value === undefined || (typeof value === 'string' && value.trim() === '*')) return undefined;
  const match = typeof value === 'string' ? /^(?:W\/)?"?([0-9]+)"?$/.exec(value.trim()) : null;
  if (match && DECIMAL.test(match[1])) return match[1];
  throw new GatewayError(GatewayErrorCodes.INVALID_HEADER, 400, 'If-Match must be an ETag from this API, e.g. "3"');
}

/** An entity tag for a stream revision. */
export const etagOf = (revision: string | null): string | undefined => (revision === null ? undefined : `"${revision}"`);

const header = (context: ExecutionContext, name: string) => context.switchToHttp().getRequest<GatewayRequest>().headers[name];

/** The validated `X-Min-Position` header of the request. */
export const MinPosition = createParamDecorator((_: unknown, context: ExecutionContext) => parseMinPosition(header(context, 'x-min-position')));

/** The revision of a validated `If-Match` header, as `expectedRevision` for the command. */
export const ExpectedRevision = createParamDecorator((_: unknown, context: ExecutionContext) => parseIfMatch(header(context, 'if-match')));

/** OpenAPI descriptions of the two headers. */
export const minPositionHeader = { name: 'X-Min-Position', required: false, description: 'A position from a command reply: answer once the read model has it (503 after 5 s)' };
export const ifMatchHeader = { name: 'If-Match', required: false, description: 'The ETag you read: a stale one is a 412' };
