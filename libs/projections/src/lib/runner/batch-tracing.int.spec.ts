import { context, trace } from '@opentelemetry/api';
import { injectTraceContext } from '@chronicle/observability';
import { useInMemoryTracing, useTestDatabase } from '@chronicle/testing';
import { Registry } from 'prom-client';
import { defineProjection } from '../core/projection';
import { ProjectionsMetrics } from '../health/projections-metrics';
import { createFixtureRuntime, type FixtureRuntime } from '../testing-fixtures/fixture-runtime';

describe('a live projection batch, traced and measured', () => {
  const db = useTestDatabase();
  const tracing = useInMemoryTracing();
  let fixture: FixtureRuntime;
  const registry = new Registry();

  beforeAll(async () => {
    fixture = await createFixtureRuntime(db.connectionString, { maxWaitMs: 200 });
    fixture.projections.register(
      defineProjection(
        { name: 'noted', handles: ['Noted'] },
        {
          setup: async (manager) => void (await manager.query(`CREATE TABLE notes (id text PRIMARY KEY)`)),
          apply: async (event, manager) => void (await manager.query(`INSERT INTO notes (id) VALUES ($1)`, [event.eventId])),
        },
      ),
    );
    new ProjectionsMetrics(fixture.projections, registry, fixture.dataSource);
  });
  afterAll(() => fixture?.close());

  it('applies each event in a span continuing the span that appended it, in a batch span linking them all', async () => {
    const tracer = trace.getTracer('test');
    const request = tracer.startSpan('POST /notes');
    const metadata = context.with(trace.setSpan(context.active(), request), () => injectTraceContext());
    request.end();
    const { position } = await fixture.store.appendToStream('note-1', [
      { type: 'Noted', data: {}, metadata: { ...metadata, correlationId: 'corr-9' } },
      { type: 'Noted', data: {}, metadata: { ...metadata, correlationId: 'corr-9' } },
    ]);
    await fixture.projections.start();
    await fixture.projections.waitForPosition('noted', position, 10_000);

    const spans = tracing.spans();
    const perEvent = spans.filter((s) => s.name === 'process note');
    expect(perEvent).toHaveLength(2);
    for (const span of perEvent) {
      expect(span.spanContext().traceId).toBe(request.spanContext().traceId);
      expect(span.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
      expect(span.attributes).toMatchObject({ 'messaging.consumer.group.name': 'noted', 'messaging.message.conversation_id': 'corr-9', 'messaging.operation.type': 'process' });
    }
    const batch = spans.find((s) => s.name === 'process noted');
    expect(batch?.parentSpanContext).toBeUndefined();
    expect(batch?.links.map((l) => l.context.spanId)).toEqual([request.spanContext().spanId, request.spanContext().spanId]);

    const metrics = await registry.metrics();
    expect(metrics).toMatch(/chronicle_projection_batch_duration_seconds_count\{projection="noted",partition="0",outcome="committed"\} [1-9]/);
    expect(metrics).toContain('chronicle_projection_lag_events{projection="noted",partition="0"} 0');
  });

  it('counts the events a partition has not applied yet as its lag in events', async () => {
    await fixture.projections.stop();
    await fixture.store.appendToStream('note-2', [{ type: 'Noted', data: {} }, { type: 'Noted', data: {} }, { type: 'Other', data: {} }]);
    expect((await fixture.projections.status()).map((s) => s.lagEvents)).toEqual([2]);
    expect(await registry.metrics()).toContain('chronicle_projection_lag_events{projection="noted",partition="0"} 2');
  });
});
