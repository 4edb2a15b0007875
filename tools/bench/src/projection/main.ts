import { createPostgresEventStore } from '@chronicle/event-store';
import { envInt } from '../lib/env';
import { settleServer, withBenchDatabase } from '../lib/server';
import { fmtFixed, fmtInt, ratio } from '../lib/stats';
import { printTable } from '../lib/table';
import { seedChronicle } from '../read/seed';
import { openChronicleDataSource, customerStatsProjection, runChronicleProjector } from './chronicle-projector';
import { STATS_FINGERPRINT_SQL } from './customer-stats';
import { openNaiveDataSource, runNaiveProjector } from './naive-projector';

interface Run {
  contender: string;
  events: number;
  seconds: number;
  fingerprint: string;
}

/** `--events=N` wins over BENCH_PROJECTION_EVENTS. */
function eventCount(): number {
  const flag = process.argv.find((a) => a.startsWith('--events='));
  if (flag) process.env['BENCH_PROJECTION_EVENTS'] = flag.slice('--events='.length);
  return envInt('BENCH_PROJECTION_EVENTS', 200_000);
}

export async function main(): Promise<number> {
  const events = eventCount();
  const batchSize = envInt('BENCH_PROJECTION_BATCH', 1000);
  const naiveLimit = envInt('BENCH_NAIVE_EVENTS', events);
  // The per-event variant shows what batching alone (without applyBatch) buys; BENCH_PROJECTION_PER_EVENT=0 skips it.
  const contenders: [string, boolean][] = [['chronicle (applyBatch)', true]];
  if (process.env['BENCH_PROJECTION_PER_EVENT'] !== '0') contenders.push(['chronicle (per-event save)', false]);
  console.log(`projection benchmark: events=${events} runner batch=${batchSize} naive events=${naiveLimit}`);
  const runs: Run[] = [];
  await withBenchDatabase('bench_projection', async (db) => {
    const seed = await seedChronicle({ connectionString: db.connectionString, events, batch: 100, writers: 4, streams: 10_000 });
    console.log(`seeded ${fmtInt(events)} events: ${seed.seconds.toFixed(1)} s, ${fmtInt(events / seed.seconds)} ev/s`);
    const store = await createPostgresEventStore({ connectionString: db.connectionString, poolSize: 4 });
    try {
      const until = await store.headPosition();
      for (const [contender, batched] of contenders) {
        await settleServer(db.connectionString);
        const dataSource = await openChronicleDataSource(db.connectionString);
        const name = batched ? 'stats_batched' : 'stats_per_event';
        const { seconds, projections } = await runChronicleProjector(store, dataSource, customerStatsProjection(name, batched), until, batchSize);
        const [fingerprint] = await projections.withReadModel(name, (m) => m.query(STATS_FINGERPRINT_SQL));
        runs.push({ contender, events, seconds, fingerprint: JSON.stringify(fingerprint) });
        console.log(`${contender}: ${fmtInt(events / seconds)} ev/s in ${seconds.toFixed(1)} s`);
        await dataSource.destroy();
      }
      await settleServer(db.connectionString);
      const dataSource = await openNaiveDataSource(db.connectionString);
      const t0 = performance.now();
      const applied = await runNaiveProjector(store, dataSource, naiveLimit);
      const seconds = (performance.now() - t0) / 1000;
      const [fingerprint] = await dataSource.query(STATS_FINGERPRINT_SQL);
      const sample = applied < events ? `, first ${fmtInt(applied)}` : '';
      runs.push({ contender: `naive (save + checkpoint save per event${sample})`, events: applied, seconds, fingerprint: JSON.stringify(fingerprint) });
      console.log(`naive: ${fmtInt(applied / seconds)} ev/s in ${seconds.toFixed(1)} s`);
      await dataSource.destroy();
    } finally {
      await store.close();
    }
  });

  const batched = runs[0];
  const naive = runs[runs.length - 1];
  if (!batched || !naive || runs.length < 2) throw new Error('a contender did not run');
  const full = runs.filter((r) => r.events === events);
  if (full.some((r) => r.fingerprint !== batched.fingerprint)) {
    throw new Error(`read models differ: ${runs.map((r) => `${r.contender}=${r.fingerprint}`).join(' ')}`);
  }
  const rate = (r: Run): number => r.events / r.seconds;
  printTable(
    `catch-up of ${fmtInt(events)} events into a TypeORM read model (same server, same run; checkpoint atomic with the writes for chronicle)`,
    ['projector', 'events', 'seconds', 'events/s', 'vs naive'],
    runs.map((r) => [r.contender, fmtInt(r.events), fmtFixed(r.seconds), fmtInt(rate(r)), `${fmtFixed(ratio(rate(r), rate(naive)))}x`]),
  );
  console.log(`\nread models identical: ${full.map((r) => r.contender).join(', ')} (fingerprint ${batched.fingerprint})`);
  console.log(`RESULT chronicle/naive=${fmtFixed(ratio(rate(batched), rate(naive)))}`);
  return 0;
}
