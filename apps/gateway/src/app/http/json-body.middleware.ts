import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type NextFunction, type Response } from 'express';
import { MAX_INPUT_DEPTH } from '@chronicle/messaging';
import { GatewayError, GatewayErrorCodes } from './gateway-error';
import type { GatewayRequest } from './gateway-request';
import { nestsDeeperThan } from './nesting-depth';

export const MAX_BODY_BYTES = 1024 * 1024;
/** The same limit the validation pipe holds every value to, checked here on the raw text. */
export const MAX_JSON_DEPTH = MAX_INPUT_DEPTH;

/**
 * Runs on the raw bytes before JSON.parse: what parses the body and walks it afterwards (the
 * idempotency fingerprint, class-transformer) recurses, so depth is refused first. JSON between
 * systems is UTF-8 (RFC 8259 §8.1), which is also what lets the check read bytes.
 */
function checkRawJson(_req: IncomingMessage, _res: ServerResponse, body: Buffer, encoding: string): void {
  if (encoding.toLowerCase() !== 'utf-8') throw new GatewayError(GatewayErrorCodes.UNSUPPORTED_MEDIA_TYPE, 415, 'Send JSON as UTF-8');
  if (nestsDeeperThan(body, MAX_JSON_DEPTH, 'json')) {
    throw new GatewayError(GatewayErrorCodes.JSON_TOO_DEEP, 400, `The request body nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
}

const parseJson = express.json({ limit: MAX_BODY_BYTES, type: ['application/json', 'application/*+json'], verify: checkRawJson });

const hasBody = (req: GatewayRequest): boolean =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/** body-parser's errors (http-errors with a `type`) as our typed errors. */
function fromBodyParser(error: { type?: unknown; status?: unknown }): GatewayError {
  if (error instanceof GatewayError) return error; // thrown by checkRawJson
  if (error.type === 'entity.too.large') return new GatewayError(GatewayErrorCodes.PAYLOAD_TOO_LARGE, 413, 'The request body exceeds 1 MiB');
  if (error.type === 'entity.parse.failed') return new GatewayError(GatewayErrorCodes.MALFORMED_JSON, 400, 'The request body is not valid JSON');
  if (error.status === 415) return new GatewayError(GatewayErrorCodes.UNSUPPORTED_MEDIA_TYPE, 415, 'Unsupported body encoding or charset');
  return new GatewayError(GatewayErrorCodes.MALFORMED_JSON, 400, 'The request body could not be read');
}

/**
 * JSON only: a body of any other media type (or charset) is a 415, one over 1 MiB a 413, one nested
 * deeper than MAX_JSON_DEPTH a 400. Errors go on to Nest's error handler, so they reach the one
 * exception filter like every other error.
 */
export function jsonBodyMiddleware(req: GatewayRequest, res: Response, next: NextFunction): void {
  if (hasBody(req) && !req.is(['application/json', 'application/*+json'])) {
    next(new GatewayError(GatewayErrorCodes.UNSUPPORTED_MEDIA_TYPE, 415, 'Send the body as application/json'));
    return;
  }
  parseJson(req, res, (error?: unknown) => next(error ? fromBodyParser(error as { type?: unknown; status?: unknown }) : undefined));
}
