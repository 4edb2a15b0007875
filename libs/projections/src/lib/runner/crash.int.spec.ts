import { useTestDatabase } from '@chronicle/testing';
import { createFixtureRuntime, type FixtureRuntime } from '../testing-fixtures/fixture-runtime';
import { keepAppending, spawnProjector, type ProjectorProcess } from '../testing-fixtures/projector-process';
import { expectReplayEquivalent } from '../testing-fixtures/replay-check';
import { createTallyProjection, TALLIED } from '../testing-fixtures/tally.projection';

const KILLS = 10;

describe('a projector SIGKILLed mid-batch, again and again, while writers append', () => {
  const db = useTestDatabase();
  let runtime: FixtureRuntime;

  beforeAll(async () => {
    runtime = await createFixtureRuntime(db.connectionString, { projections: [createTallyProjection('tally', 2)] });
  });
  afterAll(() => runtime.close());

  it(`loses no event and applies none twice over ${KILLS} kills`, async () => {
    const writers = keepAppending((seq) =>
      runtime.store.appendToStream(`crash-${seq % 13}`, [{ type: TALLIED, data: { amount: seq } }]),
    );
    let projector: ProjectorProcess | undefined;
    try {
      for (let round = 0; round < KILLS; round++) {
        projector = spawnProjector({ connectionString: db.connectionString, partitions: 2, batchSize: 40, leaseIntervalMs: 200, trace: true, slowMs: 25 });
        await projector.waitFor((l) => l.type === 'ready');
        // Skip a random number of batches, then kill inside the next one (its handler sleeps 25 ms).
        for (let skip = Math.floor(Math.random() * 4); skip >= 0; skip--) await projector.waitFor((l) => l.type === 'batch');
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 20)));
        expect(await projector.kill()).toBe('SIGKILL');
      }
    } finally {
      await projector?.kill();
      await writers.stop();
    }
    const appended = await writers.stop();
    expect(appended.count).toBeGreaterThan(100);

    // Final catch-up in this process, from whatever the kills left behind.
    await runtime.projections.start();
    expect(await expectReplayEquivalent(runtime, appended.position)).toBe(appended.count);
  }, 150_000);
});
