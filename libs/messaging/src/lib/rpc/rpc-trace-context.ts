import { injectTraceContext, traceCarrierOf, type TraceCarrier } from '@chronicle/observability';

/**
 * Where a request carries its W3C trace context across the hop: one envelope field of the
 * payload, the same over TCP and NATS. The server's RpcServerInterceptor takes it out before
 * validation, so handlers and DTOs never see it.
 */
export const TRACE_CONTEXT_FIELD = 'traceContext';

/** The payload with the active trace context added; unchanged when nothing is traced (or it is not an object). */
export function withTraceContext(payload: unknown): unknown {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return payload;
  const carrier = injectTraceContext();
  return carrier.traceparent ? { ...payload, [TRACE_CONTEXT_FIELD]: carrier } : payload;
}

/** Removes the trace context from a received payload and returns it (empty when there is none). */
export function takeTraceContext(payload: unknown): TraceCarrier {
  if (payload === null || typeof payload !== 'object' || !(TRACE_CONTEXT_FIELD in payload)) return {};
  const record = payload as Record<string, unknown>;
  const carrier = traceCarrierOf(record[TRACE_CONTEXT_FIELD]);
  delete record[TRACE_CONTEXT_FIELD];
  return carrier;
}
