import { context, trace } from '@opentelemetry/api';
import { useInMemoryTracing, useTestDatabase } from '@chronicle/testing';
import { Registry } from 'prom-client';
import { createPostgresEventStore, type PostgresEventStore } from '../postgres/postgres-event-store';
import { AppendMetrics } from './append-metrics';

describe('an append, traced and measured', () => {
  const db = useTestDatabase();
  const tracing = useInMemoryTracing();
  const registry = new Registry();
  let store: PostgresEventStore;

  beforeAll(async () => {
    store = await createPostgresEventStore({ connectionString: db.connectionString, appendObserver: new AppendMetrics(registry) });
  });
  afterAll(() => store?.close());

  const read = async (streamId: string) => {
    const out = [];
    for await (const event of store.readStream(streamId)) out.push(event);
    return out;
  };

  it('stores the trace context of its own `send <category>` span, a child of the caller, in every event', async () => {
    const request = trace.getTracer('test').startSpan('POST /orders');
    await context.with(trace.setSpan(context.active(), request), () =>
      store.appendToStream('order-1', [{ type: 'OrderPlaced', data: {}, metadata: { correlationId: 'c-1', actor: 'u' } }, { type: 'OrderNoted', data: {} }]),
    );
    request.end();
    const send = tracing.spans().find((s) => s.name === 'send order');
    expect(send?.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(send?.attributes).toMatchObject({ 'messaging.system': 'chronicle', 'messaging.destination.name': 'order', 'messaging.operation.type': 'send', 'messaging.batch.message_count': 2 });
    const events = await read('order-1');
    for (const event of events) expect(event.metadata['traceparent']).toBe(`00-${request.spanContext().traceId}-${send?.spanContext().spanId}-01`);
    expect(events[0]).toMatchObject({ correlationId: 'c-1', metadata: { actor: 'u' } });
  });

  it('keeps a trace context the caller stored itself', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await context.with(trace.setSpan(context.active(), trace.getTracer('test').startSpan('x')), () =>
      store.appendToStream('order-2', [{ type: 'OrderPlaced', data: {}, metadata: { traceparent } }]),
    );
    expect((await read('order-2'))[0]?.metadata['traceparent']).toBe(traceparent);
  });

  it('measures appends by outcome and counts concurrency conflicts', async () => {
    await store.appendToStream('order-3', [{ type: 'OrderPlaced', data: {} }], { expectedRevision: 'no_stream' });
    await expect(store.appendToStream('order-3', [{ type: 'OrderPlaced', data: {} }], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
      code: 'WRONG_EXPECTED_REVISION',
    });
    const metrics = await registry.metrics();
    expect(metrics).toMatch(/chronicle_event_store_append_duration_seconds_count\{outcome="ok"\} 3\n/);
    expect(metrics).toContain('chronicle_event_store_append_duration_seconds_count{outcome="conflict"} 1');
    expect(metrics).toContain('chronicle_event_store_append_conflicts_total 1');
  });
});
