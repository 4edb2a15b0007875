import { types } from 'node:util';
import type { ClientProxy } from '@nestjs/microservices';
import { SpanKind } from '@opentelemetry/api';
import { withSpan } from '@chronicle/observability';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { isRpcErrorPayload, PlatformErrorCodes, RemoteServiceError } from './rpc-error';
import { withTraceContext } from './rpc/rpc-trace-context';

/**
 * Request/response to another service with a timeout, in a CLIENT span whose trace context
 * travels in the payload (the server continues it). A structured error from the service
 * becomes a RemoteServiceError with the same code; a timeout or a broken connection becomes
 * TIMEOUT / SERVICE_UNAVAILABLE.
 */
export function callService<TReply>(client: ClientProxy, pattern: string, payload: unknown, timeoutMs = 5_000): Promise<TReply> {
  return withSpan(pattern, { kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'nestjs', 'rpc.method': pattern } }, () =>
    send<TReply>(client, pattern, withTraceContext(payload), timeoutMs),
  );
}

async function send<TReply>(client: ClientProxy, pattern: string, payload: unknown, timeoutMs: number): Promise<TReply> {
  try {
    return await firstValueFrom(client.send<TReply>(pattern, payload).pipe(timeout(timeoutMs)));
  } catch (error) {
    // A service's error arrives as a plain object; a local Error with a code (ECONNREFUSED, ...) is the transport failing.
    if (isRpcErrorPayload(error) && !types.isNativeError(error)) throw new RemoteServiceError(error, pattern);
    if (error instanceof TimeoutError) {
      throw new RemoteServiceError({ code: PlatformErrorCodes.TIMEOUT, message: `${pattern} did not answer within ${timeoutMs} ms` }, pattern);
    }
    throw new RemoteServiceError(
      { code: PlatformErrorCodes.SERVICE_UNAVAILABLE, message: `${pattern} failed: ${(error as Error)?.message ?? String(error)}` },
      pattern,
    );
  }
}
