import { useTestDatabase } from '@chronicle/testing';
import { createFixtureRuntime, type FixtureRuntime } from '../testing-fixtures/fixture-runtime';
import { appendTallies, createTallyProjection, tallyAnomalies } from '../testing-fixtures/tally.projection';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('subscriptions admin', () => {
  const db = useTestDatabase();
  let runtime: FixtureRuntime;
  let poison = true;

  beforeAll(async () => {
    runtime = await createFixtureRuntime(db.connectionString, {
      projections: [createTallyProjection('tally', 2, { check: (e) => { if (poison && (e.data as { amount: number }).amount === 13) throw new Error('thirteen'); } })],
      batchSize: 20,
      maxWaitMs: 5,
      retry: { maxAttempts: 1 },
    });
    await runtime.projections.start();
  });
  afterAll(() => runtime.close());

  it('lists each subscription with its kind, partitions, state, lag and dead letters; retries all of them once fixed', async () => {
    const position = await appendTallies(runtime.store, 'adm', 4, 20);
    await runtime.projections.waitForPosition('tally', position, 10_000);
    const [summary] = await runtime.projections.admin.list();
    expect(summary).toMatchObject({ name: 'tally', kind: 'projection', version: 1, handles: ['Tallied'], dlqDepth: 2 }); // the poison event and the one of its stream held behind it
    expect(summary?.partitions).toHaveLength(2);
    poison = false;
    expect(await runtime.projections.admin.retryAll('tally')).toMatchObject({ retried: 1, applied: 2, stillParked: 0 });
  });

  it('a reset dry run says what the confirmed reset then does: the same events re-applied, and what that repeats', async () => {
    const head = await runtime.store.headPosition();
    await runtime.projections.waitForPosition('tally', head, 10_000);
    const dry = await runtime.projections.admin.reset('tally', 0n, { confirm: false });
    expect(dry).toMatchObject({ subscription: 'tally', kind: 'projection', confirmed: false, reapplied: 20, skipped: 0 });
    expect(dry.effects.join(' ')).toContain('not idempotent');
    const done = await runtime.projections.admin.reset('tally', 0n, { confirm: true });
    expect(done).toMatchObject({ confirmed: true, reapplied: dry.reapplied, skipped: 0 });
    await runtime.projections.waitForPosition('tally', head, 10_000);
    // The tally is not idempotent: exactly the announced events were applied a second time.
    const anomalies = await runtime.projections.withReadModel('tally', (m) => tallyAnomalies(m));
    expect(anomalies.duplicates).toBe(dry.reapplied);
  });

  it('a rebuild started in the background is followed to its switch', async () => {
    const started = await runtime.projections.admin.startRebuild('tally');
    expect(started.phase).not.toBe('failed');
    let run = started;
    for (const deadline = Date.now() + 20_000; run.phase !== 'done'; await sleep(50)) {
      if (Date.now() > deadline) throw new Error(`the rebuild stayed ${run.phase}`);
      run = (await runtime.projections.admin.rebuildProgress('tally')) ?? run;
    }
    expect(run).toMatchObject({ version: 2, phase: 'done' });
    expect(run.processed).toBe(run.total);
    expect((await runtime.projections.admin.list())[0]?.version).toBe(2);
  });
});
