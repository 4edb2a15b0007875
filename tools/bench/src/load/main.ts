import { createPostgresEventStore } from '@chronicle/event-store';
import { EventRegistry, EventSourcedRepository, PostgresSnapshotStore } from '@chronicle/event-sourcing';
import { envInt } from '../lib/env';
import { describeServer, withBenchDatabase } from '../lib/server';
import { fmtFixed, ratio, summarizeLatencies } from '../lib/stats';
import { printTable } from '../lib/table';
import { tallyDecider, tallyEvents } from './tally.decider';

/**
 * Loads one aggregate of BENCH_LOAD_EVENTS (10,000) events, without and with snapshots (every
 * BENCH_SNAPSHOT_EVERY = 100), BENCH_LOAD_RUNS (30) times each, interleaved, on one server.
 */
export async function main(): Promise<number> {
  const eventCount = envInt('BENCH_LOAD_EVENTS', 10_000);
  const every = envInt('BENCH_SNAPSHOT_EVERY', 100);
  const runs = envInt('BENCH_LOAD_RUNS', 30);
  return withBenchDatabase('bench_load', async (db) => {
    console.log(`server: ${await describeServer(db.connectionString)} (${db.source})`);
    const store = await createPostgresEventStore({ connectionString: db.connectionString });
    const snapshotStore = await PostgresSnapshotStore.create({ connectionString: db.connectionString });
    const registry = new EventRegistry(tallyEvents);
    try {
      const plain = new EventSourcedRepository({ category: 'tally', decider: tallyDecider }, { store, registry });
      const snapshotted = new EventSourcedRepository(
        { category: 'tally', decider: tallyDecider, snapshots: { every, version: 1 } },
        { store, registry, snapshotStore },
      );
      // Seed through the store in batches: the aggregate ends with exactly eventCount events.
      for (let written = 0; written < eventCount; written += 500) {
        const batch = Array.from({ length: Math.min(500, eventCount - written) }, (_, i) => ({
          type: 'AmountRecorded',
          data: { amount: written + i, note: `amount ${written + i}` },
        }));
        await store.appendToStream('tally-bench', batch);
      }
      // The last command through the snapshotting repository leaves a snapshot at the latest multiple of `every`.
      await snapshotted.handle('bench', { commandId: 'seal', amount: 1 });
      const warm = [await plain.load('bench'), await snapshotted.load('bench')];
      if (JSON.stringify(warm[0].state) !== JSON.stringify(warm[1].state)) throw new Error('snapshot state differs from a full replay');

      const timings = { plain: [] as number[], snapshot: [] as number[] };
      for (let run = 0; run < runs; run++) {
        for (const [name, repository] of [['plain', plain], ['snapshot', snapshotted]] as const) {
          const started = process.hrtime.bigint();
          await repository.load('bench');
          timings[name].push(Number(process.hrtime.bigint() - started) / 1e6);
        }
      }
      const plainStats = summarizeLatencies(timings.plain);
      const snapStats = summarizeLatencies(timings.snapshot);
      printTable(
        `Load one aggregate of ${eventCount + 1} events, ${runs} runs each (snapshot every ${every})`,
        ['loader', 'events read', 'p50 ms', 'p99 ms', 'mean ms'],
        [
          ['no snapshot', warm[0].eventsRead, fmtFixed(plainStats.p50Ms), fmtFixed(plainStats.p99Ms), fmtFixed(plainStats.meanMs)],
          ['snapshot', warm[1].eventsRead, fmtFixed(snapStats.p50Ms), fmtFixed(snapStats.p99Ms), fmtFixed(snapStats.meanMs)],
        ],
      );
      const speedup = ratio(plainStats.p50Ms, snapStats.p50Ms);
      console.log(`RESULT snapshot_speedup=${fmtFixed(speedup)} plain_p50_ms=${fmtFixed(plainStats.p50Ms)} snapshot_p50_ms=${fmtFixed(snapStats.p50Ms)}`);
      return 0;
    } finally {
      await store.close();
      await snapshotStore.close();
    }
  });
}
