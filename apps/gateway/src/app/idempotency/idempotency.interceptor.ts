import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { gatewayConfig, type GatewayConfig } from '../gateway.config';
import { GatewayError, GatewayErrorCodes } from '../http/gateway-error';
import type { GatewayRequest } from '../http/gateway-request';
import { commandIdFor, idempotencyKeyOf, idempotencyScopeOf } from './idempotency-key';
import { IdempotencyStore, type RequestFingerprint, type StoredResponse } from './idempotency.store';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const REPLAYED_HEADERS = ['location', 'etag', 'x-position'];
const POLL_MS = 100;

/** JSON with sorted keys: two bodies that differ only in key order are the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `Idempotency-Key` on POST/PUT/PATCH/DELETE: the first response is stored and replayed for the
 * same key and body; the same key with another body is a 422. The command id is derived from the
 * key, so even a retry that slips past (a key released after a failure) is deduplicated downstream.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    @Inject(gatewayConfig.KEY) private readonly config: GatewayConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<GatewayRequest>();
    const key = MUTATING.has(req.method) ? idempotencyKeyOf(req) : undefined;
    if (key === undefined) return next.handle();
    const scope = idempotencyScopeOf(req);
    req.commandId = commandIdFor(scope, key);
    const fingerprint: RequestFingerprint = { method: req.method, path: req.path, bodyHash: createHash('sha256').update(canonical(req.body)).digest('hex') };
    return from(this.run(scope, key, fingerprint, context.switchToHttp().getResponse<Response>(), next));
  }

  private async run(scope: string, key: string, fingerprint: RequestFingerprint, res: Response, next: CallHandler): Promise<unknown> {
    const deadline = Date.now() + this.config.commandTimeoutMs;
    for (;;) {
      const claim = await this.store.claim(scope, key, fingerprint);
      if (claim.outcome === 'mismatch') {
        throw new GatewayError(GatewayErrorCodes.IDEMPOTENCY_KEY_REUSED, 422, 'This Idempotency-Key was used for a different request');
      }
      if (claim.outcome === 'replay') return this.replay(res, claim.response);
      if (claim.outcome === 'execute') return this.execute(scope, key, res, next);
      if (Date.now() > deadline) throw new GatewayError(GatewayErrorCodes.IDEMPOTENCY_KEY_IN_PROGRESS, 409, 'A request with this Idempotency-Key is still in progress');
      await sleep(POLL_MS);
    }
  }

  private async execute(scope: string, key: string, res: Response, next: CallHandler): Promise<unknown> {
    let body: unknown;
    try {
      body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      await this.store.release(scope, key);
      throw error;
    }
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = res.getHeader(name);
      if (typeof value === 'string') headers[name] = value;
    }
    await this.store.complete(scope, key, { status: res.statusCode, headers, body: body ?? null });
    return body;
  }

  private replay(res: Response, response: StoredResponse): unknown {
    res.status(response.status);
    for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
    res.setHeader('idempotent-replayed', 'true');
    return response.body ?? undefined;
  }
}
