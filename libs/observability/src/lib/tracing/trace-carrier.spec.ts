import { context, trace } from '@opentelemetry/api';
import { useInMemoryTracing } from '@chronicle/testing';
import { extractTraceContext, injectTraceContext, traceCarrierOf } from './trace-carrier';

describe('trace context in a carrier (event metadata, an RPC payload)', () => {
  useInMemoryTracing();
  const tracer = () => trace.getTracer('test');

  it('injects the active span as a W3C traceparent, and extracting it gives that span as the remote parent', () => {
    const span = tracer().startSpan('append');
    const carrier = context.with(trace.setSpan(context.active(), span), () => injectTraceContext());
    span.end();
    expect(carrier.traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
    const parent = trace.getSpanContext(extractTraceContext(carrier));
    expect(parent).toMatchObject({ traceId: span.spanContext().traceId, spanId: span.spanContext().spanId, isRemote: true });
  });

  it('carries tracestate along with traceparent', () => {
    const carrier = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: 'vendor=value' };
    expect(injectTraceContext(extractTraceContext(carrier))).toEqual(carrier);
  });

  it('injects nothing when no span is active', () => {
    expect(injectTraceContext()).toEqual({});
  });

  it('reads no parent from missing, malformed or hostile values: a new trace starts', () => {
    for (const value of [undefined, null, 'x', 42, {}, { traceparent: 'nope' }, { traceparent: 7 }, { traceparent: '00-xyz-b7ad6b7169203331-01' }]) {
      expect(trace.getSpanContext(extractTraceContext(value))).toBeUndefined();
    }
    expect(traceCarrierOf({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: 'x'.repeat(600) })).toEqual({
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
  });
});
