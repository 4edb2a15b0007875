import type { ExecutionContext } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';

export const CORRELATION_ID_HEADER = 'x-correlation-id';

const acceptable = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 128;

/**
 * The correlation id of an incoming request or message: the `x-correlation-id` header (HTTP),
 * `correlationId` in the message payload or headers (RPC), or a new uuid v7.
 */
export function correlationIdFrom(context: ExecutionContext): string {
  if (context.getType() === 'http') {
    const header = context.switchToHttp().getRequest<{ headers?: Record<string, unknown> }>().headers?.[CORRELATION_ID_HEADER];
    if (acceptable(header)) return header;
  } else if (context.getType() === 'rpc') {
    const rpc = context.switchToRpc();
    const fromData = (rpc.getData() as { correlationId?: unknown } | undefined)?.correlationId;
    if (acceptable(fromData)) return fromData;
    const headers = (rpc.getContext() as { getHeaders?: () => unknown } | undefined)?.getHeaders?.();
    const fromHeaders = (headers as { get?: (k: string) => unknown } | undefined)?.get?.(CORRELATION_ID_HEADER);
    if (acceptable(fromHeaders)) return fromHeaders;
  }
  return uuidv7();
}
