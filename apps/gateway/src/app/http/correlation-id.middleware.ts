import type { NextFunction, Response } from 'express';
import { v7 as uuidv7 } from 'uuid';
import { CORRELATION_ID_HEADER } from '@chronicle/event-sourcing';
import { withCorrelationId } from '@chronicle/observability';
import type { GatewayRequest } from './gateway-request';

const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Accepts a sane `X-Correlation-Id` or makes one, and echoes it; it travels to the services and
 * onto the events, and is the current correlation id (every log line) for the rest of the request.
 */
export function correlationIdMiddleware(req: GatewayRequest, res: Response, next: NextFunction): void {
  const given = req.headers[CORRELATION_ID_HEADER];
  req.correlationId = typeof given === 'string' && ACCEPTABLE.test(given) ? given : uuidv7();
  res.setHeader(CORRELATION_ID_HEADER, req.correlationId);
  withCorrelationId(req.correlationId, next);
}
