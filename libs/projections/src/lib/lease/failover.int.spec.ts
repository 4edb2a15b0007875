import { useTestDatabase } from '@chronicle/testing';
import { Client } from 'pg';
import { createFixtureRuntime, type FixtureRuntime } from '../testing-fixtures/fixture-runtime';
import { keepAppending, spawnProjector, type ProjectorProcess } from '../testing-fixtures/projector-process';
import { expectReplayEquivalent } from '../testing-fixtures/replay-check';
import { createTallyProjection, TALLIED } from '../testing-fixtures/tally.projection';

const PARTITIONS = 8;
const LEASE_INTERVAL_MS = 500;
/** A dead runner's connection (and so its advisory locks) goes with it: the next round takes over. */
const LEASE_TIMEOUT_MS = 3 * LEASE_INTERVAL_MS;

const owns = (count: number) => (l: { type: string; partitions?: number[] }) => l.type === 'owned' && l.partitions?.length === count;

describe('two runner processes sharing 8 partitions', () => {
  const db = useTestDatabase();
  let runtime: FixtureRuntime;

  beforeAll(async () => {
    runtime = await createFixtureRuntime(db.connectionString, { projections: [createTallyProjection('tally', PARTITIONS)] });
  });
  afterAll(() => runtime.close());

  it('split the partitions, and the survivor owns all 8 within the lease timeout after the other is killed', async () => {
    const writers = keepAppending((seq) =>
      runtime.store.appendToStream(`failover-${seq % 31}`, [{ type: TALLIED, data: { amount: seq } }]),
    );
    const config = { connectionString: db.connectionString, partitions: PARTITIONS, batchSize: 50, leaseIntervalMs: LEASE_INTERVAL_MS };
    const a = spawnProjector(config);
    const b = spawnProjector(config);
    let survivor: ProjectorProcess | undefined;
    try {
      const [ownedByA, ownedByB] = await Promise.all([a.waitFor(owns(4)), b.waitFor(owns(4))]);
      expect([...(ownedByA.partitions ?? []), ...(ownedByB.partitions ?? [])].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      await new Promise((r) => setTimeout(r, 500)); // both work for a while

      const takeover = b.waitFor(owns(PARTITIONS), 10_000);
      const killedAt = Date.now();
      expect(await a.kill()).toBe('SIGKILL');
      await takeover;
      expect(Date.now() - killedAt).toBeLessThan(LEASE_TIMEOUT_MS);
      survivor = b;

      const appended = await writers.stop();
      expect(await expectReplayEquivalent(runtime, appended.position)).toBe(appended.count);
    } finally {
      await writers.stop();
      await a.kill();
      await (survivor ?? b).kill();
    }
  }, 90_000);

  it('settled runners look at their leases rarely, yet a SIGKILLed one is replaced within the lease timeout (its member lock is watched)', async () => {
    const config = { connectionString: db.connectionString, partitions: PARTITIONS, batchSize: 50, leaseIntervalMs: LEASE_INTERVAL_MS };
    const a = spawnProjector(config);
    const b = spawnProjector(config);
    const observer = new Client({ connectionString: db.connectionString });
    observer.on('error', () => undefined);
    await observer.connect();
    try {
      await Promise.all([a.waitFor(owns(4)), b.waitFor(owns(4))]);
      await new Promise((r) => setTimeout(r, 3 * LEASE_INTERVAL_MS)); // settle
      // When each lease session last ran a statement, sampled every 100 ms for 2 s: a round every
      // 500 ms would show ~4 different times per session; settled (15 s apart), at most 2.
      const starts = new Map<number, Set<string>>();
      for (let i = 0; i < 20; i++) {
        const { rows } = await observer.query<{ pid: number; started: string }>(
          "SELECT pid, query_start::text AS started FROM pg_stat_activity WHERE application_name = 'chronicle-projection-leases' AND datname = current_database()",
        );
        for (const r of rows) starts.set(r.pid, (starts.get(r.pid) ?? new Set()).add(r.started));
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(starts.size).toBe(2);
      for (const seen of starts.values()) expect(seen.size).toBeLessThanOrEqual(2);

      const takeover = b.waitFor(owns(PARTITIONS), 10_000);
      const killedAt = Date.now();
      expect(await a.kill()).toBe('SIGKILL');
      await takeover;
      expect(Date.now() - killedAt).toBeLessThan(LEASE_TIMEOUT_MS);
    } finally {
      await observer.end().catch(() => undefined);
      await a.kill();
      await b.kill();
    }
  }, 90_000);

  it('a runner that stops gracefully hands its partitions over at once, though the other one is settled', async () => {
    const options = { projections: [createTallyProjection('tally', PARTITIONS)], batchSize: 50, leaseIntervalMs: LEASE_INTERVAL_MS };
    const first = await createFixtureRuntime(db.connectionString, options);
    const second = await createFixtureRuntime(db.connectionString, options);
    const until = async (done: () => boolean, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return done();
    };
    try {
      await first.projections.start();
      await second.projections.start();
      const split = () => first.projections.ownedPartitions('tally').length === 4 && second.projections.ownedPartitions('tally').length === 4;
      expect(await until(split, 10_000)).toBe(true);
      await new Promise((r) => setTimeout(r, 3 * LEASE_INTERVAL_MS)); // both settled: their next rounds are 15 s away
      const stoppedAt = Date.now();
      await first.projections.stop();
      expect(await until(() => second.projections.ownedPartitions('tally').length === PARTITIONS, 5_000)).toBe(true);
      expect(Date.now() - stoppedAt).toBeLessThan(LEASE_TIMEOUT_MS);
    } finally {
      await first.close();
      await second.close();
    }
  }, 60_000);
});
