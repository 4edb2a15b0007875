import { isSpanContextValid, trace } from '@opentelemetry/api';
import { currentCorrelationId } from './correlation-context';

export interface LogContext {
  trace_id?: string;
  span_id?: string;
  correlation_id?: string;
}

/** Fields of every log line: the active span's trace and span ids and the current correlation id. */
export function logContext(): LogContext {
  const fields: LogContext = {};
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (spanContext && isSpanContextValid(spanContext)) {
    fields.trace_id = spanContext.traceId;
    fields.span_id = spanContext.spanId;
  }
  const correlationId = currentCorrelationId();
  if (correlationId) fields.correlation_id = correlationId;
  return fields;
}
