import { context, trace } from '@opentelemetry/api';
import { useInMemoryTracing } from '@chronicle/testing';
import { takeTraceContext, TRACE_CONTEXT_FIELD, withTraceContext } from './rpc-trace-context';

describe('trace context in an RPC payload', () => {
  useInMemoryTracing();

  it('adds the active span to an object payload; the server takes it out, leaving the payload as sent', () => {
    const span = trace.getTracer('test').startSpan('client');
    const sent = context.with(trace.setSpan(context.active(), span), () => withTraceContext({ commandId: 'c-1', correlationId: 'k' })) as Record<string, unknown>;
    span.end();
    expect(sent[TRACE_CONTEXT_FIELD]).toEqual({ traceparent: `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01` });
    const carrier = takeTraceContext(sent);
    expect(carrier.traceparent).toContain(span.spanContext().traceId);
    expect(sent).toEqual({ commandId: 'c-1', correlationId: 'k' });
  });

  it('leaves the payload alone when nothing is traced, and non-objects always', () => {
    const payload = { a: 1 };
    expect(withTraceContext(payload)).toBe(payload);
    const span = trace.getTracer('test').startSpan('client');
    context.with(trace.setSpan(context.active(), span), () => {
      expect(withTraceContext('text')).toBe('text');
      expect(withTraceContext([1])).toEqual([1]);
      expect(withTraceContext(null)).toBeNull();
    });
    span.end();
  });

  it('takes out a forged or broken trace context without trusting it', () => {
    const payload: Record<string, unknown> = { a: 1, [TRACE_CONTEXT_FIELD]: { traceparent: 'DROP TABLE', extra: 'x' } };
    expect(takeTraceContext(payload)).toEqual({});
    expect(payload).toEqual({ a: 1 });
    expect(takeTraceContext(undefined)).toEqual({});
  });
});
