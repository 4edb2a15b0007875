import { useTestDatabase } from '@chronicle/testing';
import { WaitForPositionTimeoutError } from './core/errors';
import { createFixtureRuntime, type FixtureRuntime } from './testing-fixtures/fixture-runtime';
import { appendTallies, createTallyProjection, expectedTally, readTally, tallyAnomalies } from './testing-fixtures/tally.projection';

describe('Projections runner', () => {
  const db = useTestDatabase();
  let runtime: FixtureRuntime;

  beforeAll(async () => {
    runtime = await createFixtureRuntime(db.connectionString, {
      projections: [createTallyProjection('tally', 4)],
      batchSize: 50,
      maxWaitMs: 20,
      leaseIntervalMs: 200,
    });
  });
  afterAll(() => runtime.close());

  it('rejects waitForPosition with a typed timeout error while nothing runs', async () => {
    const position = await appendTallies(runtime.store, 'early', 3, 5);
    const error = await runtime.projections.waitForPosition('tally', position, 200).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitForPositionTimeoutError);
    expect((error as WaitForPositionTimeoutError).code).toBe('PROJECTION_WAIT_TIMEOUT');
  });

  it('catches up from the start, goes live, and waitForPosition resolves for each new append', async () => {
    await appendTallies(runtime.store, 'early', 3, 200, 5);
    await runtime.projections.start();
    expect(runtime.projections.ownedPartitions('tally')).toEqual([0, 1, 2, 3]);
    for (let i = 0; i < 5; i++) {
      const position = await appendTallies(runtime.store, 'live', 7, 20, i * 20);
      const started = Date.now();
      await runtime.projections.waitForPosition('tally', position, 5_000);
      expect(Date.now() - started).toBeLessThan(1_000);
    }
    const [model, anomalies] = await runtime.projections.withReadModel('tally', (m) => Promise.all([readTally(m), tallyAnomalies(m)]));
    expect(model).toEqual(await expectedTally(runtime.store));
    expect(anomalies).toEqual({ duplicates: 0, outOfOrder: 0 });
  });

  it('withReadModel reads the active version in one read-only REPEATABLE READ snapshot: a write inside it fails', async () => {
    const state = (await runtime.projections.withReadModel('tally', (m) =>
      m.query("SELECT current_schema() AS schema, current_setting('transaction_isolation') AS isolation, current_setting('transaction_read_only') AS ro"),
    )) as { schema: string; isolation: string; ro: string }[];
    expect(state).toEqual([{ schema: 'tally_v1', isolation: 'repeatable read', ro: 'on' }]);
    const write = runtime.projections.withReadModel('tally', (m) => m.query('DELETE FROM tally'));
    await expect(write).rejects.toMatchObject({ driverError: { code: '25006' } });
  });

  it('moves the checkpoint past events it does not handle, so waiting for them ends', async () => {
    const { position } = await runtime.store.appendToStream('other-1', [{ type: 'SomethingElse', data: {} }]);
    await expect(runtime.projections.waitForPosition('tally', position, 5_000)).resolves.toBeUndefined();
  });

  it('reports every partition live with no lag once caught up', async () => {
    const position = await appendTallies(runtime.store, 'status', 2, 4);
    await runtime.projections.waitForPosition('tally', position, 5_000);
    const statuses = await runtime.projections.status();
    expect(statuses).toHaveLength(4);
    for (const s of statuses) {
      expect(s).toMatchObject({ projection: 'tally', owner: 'this-process', state: 'live', dlqDepth: 0, version: 1 });
      expect(s.lagSeconds).toBe(0);
    }
  });
});
