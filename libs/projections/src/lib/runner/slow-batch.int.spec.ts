import { createPostgresEventStore, type PostgresEventStore } from '@chronicle/event-store';
import { useTestDatabase } from '@chronicle/testing';
import { defineProjection } from '../core/projection';
import { createFixtureRuntime, type FixtureRuntime } from '../testing-fixtures/fixture-runtime';
import { createTallyProjection, TALLIED } from '../testing-fixtures/tally.projection';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a slow projection batch holds back no other projection', () => {
  const db = useTestDatabase();
  let runtime: FixtureRuntime;
  let writer: PostgresEventStore;
  let stalling = false;
  let releaseStall: () => void = () => undefined;

  // Writes its row (so its batch transaction holds a transaction id), then takes 5 s to finish the batch.
  const slow = defineProjection(
    { name: 'slow', handles: ['Stalled'] },
    {
      async setup(manager) {
        await manager.query('CREATE TABLE stalls (event_id text PRIMARY KEY)');
      },
      async apply(event, manager) {
        await manager.query('INSERT INTO stalls VALUES ($1)', [event.eventId]);
        stalling = true;
        await Promise.race([sleep(5_000), new Promise<void>((resolve) => (releaseStall = resolve))]);
        stalling = false;
      },
    },
  );

  beforeAll(async () => {
    runtime = await createFixtureRuntime(db.connectionString, {
      projections: [slow, createTallyProjection('fast')],
      batchSize: 50,
      maxWaitMs: 5,
      leaseIntervalMs: 200,
    });
    await runtime.projections.start();
    writer = await createPostgresEventStore({ connectionString: db.connectionString, migrate: false });
  });
  afterAll(async () => {
    releaseStall();
    await writer.close();
    await runtime.close();
  });

  it('keeps delivering to another projection while a batch stays open for 5 s', async () => {
    await writer.appendToStream('stall-1', [{ type: 'Stalled', data: {} }]);
    for (const deadline = Date.now() + 5_000; !stalling; await sleep(5)) {
      if (Date.now() > deadline) throw new Error('the slow batch never started');
    }
    const latencies: number[] = [];
    const started = Date.now();
    while (Date.now() - started < 4_000) {
      const { position } = await writer.appendToStream(`live-${latencies.length % 5}`, [{ type: TALLIED, data: { amount: 1 } }]);
      const appendedAt = performance.now();
      await runtime.projections.waitForPosition('fast', position, 10_000);
      latencies.push(performance.now() - appendedAt);
      await sleep(25);
    }
    expect(stalling).toBe(true); // all of it happened while the slow batch was still open
    // Held back by the open batch, the first wait would last until the batch ends (5 s) and
    // fewer than a handful would fit in the window. Latency itself is bench:delivery's to measure.
    expect(latencies.length).toBeGreaterThan(50);
    expect(Math.max(...latencies)).toBeLessThan(2_000);
  }, 30_000);
});
