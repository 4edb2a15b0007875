import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { useTestDatabase } from '@chronicle/testing';
import type { RecordedEvent } from '@chronicle/event-store';
import { Registry } from 'prom-client';
import type { EntityManager } from 'typeorm';
import type { ProjectionHandler } from '../core/projection';
import { Projection } from '../nest/projection.decorator';
import { ProjectionsModule } from '../nest/projections.module';
import { Projections } from '../projections';
import { createFixtureRuntime, type FixtureRuntime } from '../testing-fixtures/fixture-runtime';
import { appendTallies, createTallyProjection } from '../testing-fixtures/tally.projection';
import { ProjectionsHealthIndicator } from './projections-health.indicator';

/** The handler blocks while `gate` is set: a hung downstream call, a lock wait... */
let gate: Promise<void> | undefined;
const tally = createTallyProjection('nest_tally', 1, { beforeBatch: () => gate ?? Promise.resolve() }).handler;

@Projection({ name: 'nest_tally', handles: ['Tallied'] })
class NestTallyProjection implements ProjectionHandler {
  setup(manager: EntityManager): Promise<void> {
    return tally.setup(manager);
  }
  apply(event: RecordedEvent, manager: EntityManager): Promise<void> {
    return tally.apply(event, manager);
  }
  applyBatch(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    return tally.applyBatch?.(events, manager) ?? Promise.resolve();
  }
}

async function eventually(check: () => Promise<void>, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe('health of a Nest-hosted projection', () => {
  const db = useTestDatabase();
  let fixture: FixtureRuntime;
  let app: INestApplication;
  const registry = new Registry();

  beforeAll(async () => {
    fixture = await createFixtureRuntime(db.connectionString, {});
    const moduleRef = await Test.createTestingModule({
      imports: [
        ProjectionsModule.forRootAsync({
          useFactory: () => ({
            eventStore: fixture.store,
            dataSource: fixture.dataSource,
            stallTimeoutMs: 500,
            leaseIntervalMs: 200,
            metricsRegistry: registry,
          }),
        }),
        ProjectionsModule.forFeature([NestTallyProjection]),
      ],
    }).compile();
    app = moduleRef.createNestApplication();
    await app.init(); // bootstrap registers the @Projection and starts the runner
  });
  afterAll(async () => {
    await app?.close();
    await fixture.close();
  });

  it('is UP while live, DOWN with a stalled partition while the handler blocks, UP again after', async () => {
    const projections = app.get(Projections);
    const health = app.get(ProjectionsHealthIndicator);
    await projections.waitForPosition('nest_tally', await appendTallies(fixture.store, 'health', 3, 10), 10_000);
    expect((await health.isHealthy())['projections']?.status).toBe('up');

    let release: () => void = () => undefined;
    gate = new Promise((resolve) => (release = resolve));
    const blocked = await appendTallies(fixture.store, 'health', 3, 1, 10);
    await new Promise((r) => setTimeout(r, 900));
    const down = (await health.isHealthy())['projections'];
    expect(down?.status).toBe('down');
    expect(down?.['partitions']).toEqual([expect.objectContaining({ projection: 'nest_tally', state: 'stalled', owner: 'this-process' })]);
    const metrics = await registry.metrics();
    expect(metrics).toContain('chronicle_projection_state{projection="nest_tally",partition="0",state="stalled"} 1');
    expect(metrics).toMatch(/chronicle_projection_lag_seconds\{projection="nest_tally",partition="0"\} (0\.[5-9]|[1-9])/);
    expect(metrics).toContain('chronicle_projection_dlq_depth{projection="nest_tally",partition="0"} 0');

    gate = undefined;
    release();
    await projections.waitForPosition('nest_tally', blocked, 10_000);
    // The commit's notification can overtake the worker's own bookkeeping by a tick.
    await eventually(async () => expect((await health.isHealthy())['projections']?.status).toBe('up'));
    expect(await registry.metrics()).toContain('chronicle_projection_state{projection="nest_tally",partition="0",state="live"} 1');
  });

  it('reports a partition whose runner is gone as failed', async () => {
    await app.close();
    const observer = new Projections({
      eventStore: fixture.store,
      dataSource: fixture.dataSource,
      projections: [createTallyProjection('nest_tally', 1)],
      leaseIntervalMs: 100,
    });
    await appendTallies(fixture.store, 'health', 3, 1, 20);
    await new Promise((r) => setTimeout(r, 400));
    expect(await observer.status()).toEqual([expect.objectContaining({ state: 'failed', owner: 'none' })]);
  });
});
