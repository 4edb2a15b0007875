import { context, SpanKind, trace } from '@opentelemetry/api';
import { useInMemoryTracing } from '@chronicle/testing';
import { withBatchSpan, withEventSpan, type TracedEvent } from './event-spans';
import { injectTraceContext } from './trace-carrier';

describe('spans of subscribers', () => {
  const tracing = useInMemoryTracing();
  const tracer = () => trace.getTracer('test');

  /** An event as the store returns it, appended inside a span of its own. */
  function appendedEvent(eventId: string): { event: TracedEvent; appendSpan: ReturnType<ReturnType<typeof tracer>['startSpan']> } {
    const appendSpan = tracer().startSpan('POST /orders');
    const metadata = context.with(trace.setSpan(context.active(), appendSpan), () => ({ ...injectTraceContext(), actor: 'u1' }));
    appendSpan.end();
    return { event: { eventId, type: 'OrderPlaced', streamId: 'order-42', position: 7n, correlationId: 'corr-1', metadata }, appendSpan };
  }

  it('processes an event in a span whose parent is the span that appended it, with the messaging attributes', async () => {
    const { event, appendSpan } = appendedEvent('e-1');
    const inner = await withEventSpan(event, { subscriber: 'inventory_reactions' }, async () => trace.getActiveSpan()?.spanContext());
    const span = tracing.spans().find((s) => s.name === 'process order');
    expect(span?.spanContext().traceId).toBe(appendSpan.spanContext().traceId);
    expect(span?.parentSpanContext?.spanId).toBe(appendSpan.spanContext().spanId);
    expect(inner?.spanId).toBe(span?.spanContext().spanId);
    expect(span?.kind).toBe(SpanKind.CONSUMER);
    expect(span?.attributes).toMatchObject({
      'messaging.system': 'chronicle',
      'messaging.destination.name': 'order',
      'messaging.operation.type': 'process',
      'messaging.message.id': 'e-1',
      'messaging.message.conversation_id': 'corr-1',
      'messaging.consumer.group.name': 'inventory_reactions',
      'chronicle.event.type': 'OrderPlaced',
      'chronicle.event.position': '7',
    });
  });

  it('records a failure on the span and rethrows it', async () => {
    const { event } = appendedEvent('e-2');
    await expect(withEventSpan(event, { subscriber: 'p' }, async () => Promise.reject(new Error('poison')))).rejects.toThrow('poison');
    expect(tracing.spans().find((s) => s.name === 'process order')?.status.code).toBe(2);
  });

  it('an event without stored context starts a trace of its own', async () => {
    await withEventSpan({ eventId: 'e-3', type: 'X', streamId: 'user-1', metadata: {} }, { subscriber: 'p' }, async () => undefined);
    expect(tracing.spans().find((s) => s.name === 'process user')?.parentSpanContext).toBeUndefined();
  });

  it('a batch is a root span linking the stored context of every event', async () => {
    const a = appendedEvent('e-4');
    const b = appendedEvent('e-5');
    await withBatchSpan([a.event, b.event, { eventId: 'e-6', type: 'X', streamId: 'x-1', metadata: {} }], { subscriber: 'orders' }, async () => undefined);
    const batch = tracing.spans().find((s) => s.name === 'process orders');
    expect(batch?.parentSpanContext).toBeUndefined();
    expect(batch?.links.map((l) => l.context.spanId)).toEqual([a.appendSpan.spanContext().spanId, b.appendSpan.spanContext().spanId]);
    expect(batch?.attributes['messaging.batch.message_count']).toBe(3);
  });
});
