import type { RecordedEvent } from '@chronicle/event-store';
import { useTestDatabase } from '@chronicle/testing';
import { createFixtureRuntime, type FixtureRuntime } from '../testing-fixtures/fixture-runtime';
import { appendTallies, createTallyProjection, expectedTally, readTally, tallyAnomalies } from '../testing-fixtures/tally.projection';

/**
 * Positions are int8 and travel as text: ordered as text, 1000000000 would come before 999999999.
 * A store's positions cross such a boundary at some point of its life (they grow with transaction
 * ids), so the parked events' positions are moved across one here.
 */
describe('dead letters across a power of ten', () => {
  const db = useTestDatabase();
  let runtime: FixtureRuntime;
  let fixed = false;
  const check = (e: RecordedEvent): void => {
    if (e.streamId === 'digits-0' && e.revision === 1n && !fixed) throw new Error('not yet');
  };

  beforeAll(async () => {
    runtime = await createFixtureRuntime(db.connectionString, {
      projections: [createTallyProjection('tally', 1, { check })],
      batchSize: 20,
      maxWaitMs: 10,
      retry: { maxAttempts: 2, initialDelayMs: 5, maxDelayMs: 10 },
    });
    await runtime.projections.start();
  });
  afterAll(() => runtime.close());

  it("lists and retries a key's parked events in position order, not in the order of their text", async () => {
    const position = await appendTallies(runtime.store, 'digits', 1, 8);
    await runtime.projections.waitForPosition('tally', position, 10_000);
    const parked = await runtime.projections.listDeadLetters('tally');
    expect(parked.map((d) => d.event.revision)).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n]);

    // The same order, now on both sides of 10^9: 999999996 … 999999999, 1000000000 … 1000000002.
    await runtime.dataSource.query(
      `UPDATE chronicle_projections.projection_dead_letters SET position = 999999995 + (event->>'revision')::int8 WHERE projection = 'tally'`,
    );
    const moved = await runtime.projections.listDeadLetters('tally');
    expect(moved.map((d) => [d.event.revision, d.position])).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n].map((r) => [r, 999999995n + r]));

    fixed = true;
    const result = await runtime.projections.retryDeadLetter('tally', moved[0].id);
    expect(result).toMatchObject({ applied: 7, stillParked: 0 });
    const [model, anomalies] = await runtime.projections.withReadModel('tally', (m) => Promise.all([readTally(m), tallyAnomalies(m)]));
    expect(anomalies).toEqual({ duplicates: 0, outOfOrder: 0 });
    expect(model).toEqual(await expectedTally(runtime.store));
  });
});
