import { types } from 'node:util';
import type { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { isRpcErrorPayload, PlatformErrorCodes, RemoteServiceError } from './rpc-error';

/**
 * Request/response to another service with a timeout. A structured error from the service
 * becomes a RemoteServiceError with the same code; a timeout or a broken connection becomes
 * TIMEOUT / SERVICE_UNAVAILABLE.
 */
export async function callService<TReply>(client: ClientProxy, pattern: string, payload: unknown, timeoutMs = 5_000): Promise<TReply> {
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
