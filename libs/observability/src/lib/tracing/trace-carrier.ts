import { context as otelContext, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';

/** W3C trace context as it travels in a message payload or an event's metadata. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The W3C headers of `context` (the active one by default); empty when nothing is traced. */
export function injectTraceContext(context: Context = otelContext.active()): TraceCarrier {
  const carrier: Record<string, string> = {};
  propagation.inject(context, carrier);
  const out: TraceCarrier = {};
  if (carrier['traceparent']) out.traceparent = carrier['traceparent'];
  if (carrier['tracestate']) out.tracestate = carrier['tracestate'];
  return out;
}

/** The context a carrier continues; ROOT_CONTEXT (a new trace) for anything that is not a valid traceparent. */
export function extractTraceContext(carrier: unknown): Context {
  const fields = traceCarrierOf(carrier);
  return fields.traceparent ? propagation.extract(ROOT_CONTEXT, fields) : ROOT_CONTEXT;
}

/** The trace context fields of an object (event metadata, a payload's envelope), checked; never throws. */
export function traceCarrierOf(value: unknown): TraceCarrier {
  if (value === null || typeof value !== 'object') return {};
  const { traceparent, tracestate } = value as Record<string, unknown>;
  const out: TraceCarrier = {};
  if (typeof traceparent === 'string' && TRACEPARENT.test(traceparent)) out.traceparent = traceparent;
  if (out.traceparent && typeof tracestate === 'string' && tracestate.length <= 512) out.tracestate = tracestate;
  return out;
}
