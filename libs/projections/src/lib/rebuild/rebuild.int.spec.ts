import { useTestDatabase } from '@chronicle/testing';
import { RebuildInProgressError } from '../core/errors';
import { createFixtureRuntime, type FixtureRuntime } from '../testing-fixtures/fixture-runtime';
import { keepAppending } from '../testing-fixtures/projector-process';
import { expectReplayEquivalent } from '../testing-fixtures/replay-check';
import { appendTallies, createTallyProjection, readTally, TALLIED, type TallyRow } from '../testing-fixtures/tally.projection';
import type { RebuildProgress } from './rebuild-progress';

const SEEDED = 600;

describe('rebuild while writers append', () => {
  const db = useTestDatabase();
  let runtime: FixtureRuntime;

  beforeAll(async () => {
    runtime = await createFixtureRuntime(db.connectionString, {
      projections: [createTallyProjection('tally', 3)],
      batchSize: 100,
      maxWaitMs: 10,
    });
    // The rebuild chases two writers for up to three passes, each as long as it takes to apply what
    // the one before let pile up: the seed sets the length of the first, so of the whole test.
    const seeded = await appendTallies(runtime.store, 'rebuild', 40, SEEDED);
    await runtime.projections.start();
    await runtime.projections.waitForPosition('tally', seeded, 30_000);
  });
  afterAll(() => runtime.close());

  it('switches atomically to a new version equal to the live one, and queries never see a half-built model', async () => {
    const writers = keepAppending((seq) =>
      runtime.store.appendToStream(`rebuild-${seq % 40}`, [{ type: TALLIED, data: { amount: 10_000 + seq } }]),
    );
    // A reader that keeps querying: the event count it sees must never go down (a half-built model would).
    let reading = true;
    const seen: number[] = [];
    const reader = (async () => {
      while (reading) {
        const [row] = (await runtime.projections.withReadModel('tally', (m) => m.query('SELECT coalesce(sum(events), 0)::int AS n FROM tally'))) as { n: number }[];
        seen.push(row?.n ?? -1);
      }
    })();
    const progress: RebuildProgress[] = [];
    let started: () => void = () => undefined;
    const firstProgress = new Promise<void>((resolve) => (started = resolve));
    let atSwitch: { live: TallyRow[]; rebuilt: TallyRow[] } | undefined;
    const rebuilding = runtime.projections.rebuild('tally', {
      onProgress: (p) => {
        progress.push(p);
        started();
      },
      onSwitch: async ({ manager, previousVersion, version }) => {
        atSwitch = {
          rebuilt: await readTally(manager),
          live: await manager.query(`SELECT stream_id, events, total::text, last_revision::text FROM tally_v${previousVersion}.tally ORDER BY stream_id COLLATE "C"`),
        };
        expect(version).toBe(previousVersion + 1);
      },
    });
    let result: Awaited<typeof rebuilding>;
    let appended: { count: number; position: bigint };
    try {
      await firstProgress;
      await expect(runtime.projections.rebuild('tally')).rejects.toBeInstanceOf(RebuildInProgressError);
      result = await rebuilding;
      await new Promise((r) => setTimeout(r, 300)); // queries and writes go on after the switch
    } finally {
      reading = false;
      await reader;
      appended = await writers.stop();
    }

    expect(result).toMatchObject({ previousVersion: 1, version: 2 });
    expect(appended.count).toBeGreaterThan(20);
    expect(atSwitch?.rebuilt.length).toBe(40);
    expect(atSwitch?.rebuilt).toEqual(atSwitch?.live);
    expect(seen.length).toBeGreaterThan(10);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1] ?? 0);

    const last = progress[progress.length - 1];
    expect(last).toMatchObject({ phase: 'done', version: 2, etaSeconds: 0 });
    expect(last?.processed).toBe(last?.total);
    expect(last?.processed).toBeGreaterThanOrEqual(SEEDED);
    const midway = progress.find((p) => p.phase === 'catching-up' && p.processed > 0 && p.processed < p.total);
    expect(midway?.eventsPerSecond).toBeGreaterThan(0);
    expect(midway?.etaSeconds).toBeGreaterThan(0);

    // The runners moved to version 2 and keep it current; version 1 stays as it was at the switch.
    expect(await expectReplayEquivalent(runtime, appended.position)).toBe(SEEDED + appended.count);
    expect((await runtime.projections.status()).every((s) => s.version === 2)).toBe(true);
    expect(await runtime.dataSource.query(`SELECT stream_id, events, total::text, last_revision::text FROM tally_v1.tally ORDER BY stream_id COLLATE "C"`)).toEqual(atSwitch?.live);
  }, 90_000);
});
