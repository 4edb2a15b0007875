import express, { type NextFunction, type Response } from 'express';
import { GatewayError, GatewayErrorCodes } from './gateway-error';
import type { GatewayRequest } from './gateway-request';

export const MAX_BODY_BYTES = 1024 * 1024;

const parseJson = express.json({ limit: MAX_BODY_BYTES, type: ['application/json', 'application/*+json'] });

const hasBody = (req: GatewayRequest): boolean =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/** body-parser's errors (http-errors with a `type`) as our typed errors. */
function fromBodyParser(error: { type?: unknown; status?: unknown }): GatewayError {
  if (error.type === 'entity.too.large') return new GatewayError(GatewayErrorCodes.PAYLOAD_TOO_LARGE, 413, 'The request body exceeds 1 MiB');
  if (error.type === 'entity.parse.failed') return new GatewayError(GatewayErrorCodes.MALFORMED_JSON, 400, 'The request body is not valid JSON');
  if (error.status === 415) return new GatewayError(GatewayErrorCodes.UNSUPPORTED_MEDIA_TYPE, 415, 'Unsupported body encoding or charset');
  return new GatewayError(GatewayErrorCodes.MALFORMED_JSON, 400, 'The request body could not be read');
}

/**
 * JSON only: a body of any other media type is a 415, one over 1 MiB a 413. Errors go on to Nest's
 * error handler, so they reach the one exception filter like every other error.
 */
export function jsonBodyMiddleware(req: GatewayRequest, res: Response, next: NextFunction): void {
  if (hasBody(req) && !req.is(['application/json', 'application/*+json'])) {
    next(new GatewayError(GatewayErrorCodes.UNSUPPORTED_MEDIA_TYPE, 415, 'Send the body as application/json'));
    return;
  }
  parseJson(req, res, (error?: unknown) => next(error ? fromBodyParser(error as { type?: unknown; status?: unknown }) : undefined));
}
