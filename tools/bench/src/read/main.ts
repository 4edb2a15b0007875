import { resolve } from 'node:path';
import { Client } from 'pg';
import { envInt } from '../lib/env';
import { withBenchDatabase } from '../lib/server';
import { fmtFixed, fmtInt, ratio } from '../lib/stats';
import { printTable } from '../lib/table';
import { killWorkers, runWorker } from '../lib/worker';
import type { ReaderInput, ReaderName, ReaderResult } from './reader';
import { seedChronicle } from './seed';

const READER = resolve(__dirname, 'reader.ts');
const READERS: readonly ReaderName[] = ['raw', 'chronicle'];

async function vacuumAnalyze(connectionString: string, table: string): Promise<number> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    // Sets hint bits and the visibility map now, so the first reader does not pay for it.
    await client.query(`VACUUM (ANALYZE) ${table}`);
    const { rows } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`);
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

export async function main(): Promise<number> {
  const events = envInt('BENCH_READ_EVENTS', 1_000_000);
  const batch = envInt('BENCH_SEED_BATCH', 100);
  const seedWriters = envInt('BENCH_SEED_WRITERS', 4);
  const streams = envInt('BENCH_READ_STREAMS', 10_000);
  const rounds = envInt('BENCH_ROUNDS', 2);
  const pageSize = envInt('BENCH_RAW_PAGE_SIZE', 1000);
  console.log(
    `read benchmark: events=${events} seed batch=${batch} seed writers=${seedWriters} streams<=${streams} ` +
      `raw page=${pageSize} rounds=${rounds}`,
  );

  const runs = new Map<ReaderName, ReaderResult[]>(READERS.map((r) => [r, []]));
  let stored = 0;
  try {
    await withBenchDatabase('bench_read', async (db) => {
      const seed = await seedChronicle({ connectionString: db.connectionString, events, batch, writers: seedWriters, streams });
      console.log(
        `seeded ${fmtInt(events)} events in ${fmtInt(seed.appends)} appends over ` +
          `${fmtInt(Math.min(streams, seed.appends))} streams: ${seed.seconds.toFixed(1)} s, ` +
          `${fmtInt(events / seed.seconds)} ev/s`,
      );
      stored = await vacuumAnalyze(db.connectionString, `${seed.schema}.events`);
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? READERS : [...READERS].reverse();
        for (const reader of order) {
          const input: ReaderInput = { reader, connectionString: db.connectionString, schema: seed.schema, pageSize };
          const r = await runWorker<ReaderInput, ReaderResult>(READER, input);
          if (r.events !== stored) throw new Error(`${reader} read ${r.events} events, the table holds ${stored}`);
          console.log(
            `round ${round + 1}/${rounds} ${reader.padEnd(9)} ${fmtInt(r.eventsPerSec)} ev/s in ${r.seconds.toFixed(2)} s, ` +
              `RSS ${r.rssBeforeMb.toFixed(0)} -> peak ${r.peakRssMb.toFixed(0)} MB`,
          );
          runs.get(reader)?.push(r);
        }
      }
    });
  } finally {
    killWorkers();
  }

  const all = (r: ReaderName): ReaderResult[] => runs.get(r) ?? [];
  const best = (r: ReaderName): ReaderResult | undefined =>
    all(r).reduce<ReaderResult | undefined>((acc, x) => (!acc || x.eventsPerSec > acc.eventsPerSec ? x : acc), undefined);
  const peakRss = (r: ReaderName): number => Math.max(...all(r).map((x) => x.peakRssMb));
  printTable(
    `readAll of ${fmtInt(stored)} events (best of ${rounds} for events/s; peak RSS = max over rounds)`,
    ['reader', 'events', 'seconds', 'events/s', 'RSS before MB', 'peak RSS MB', 'peak heap MB', 'events/s per round'],
    READERS.map((r) => {
      const b = best(r);
      return [
        r,
        fmtInt(b?.events),
        fmtFixed(b?.seconds),
        fmtInt(b?.eventsPerSec),
        fmtFixed(Math.min(...all(r).map((x) => x.rssBeforeMb)), 0),
        fmtFixed(peakRss(r), 0),
        fmtFixed(Math.max(...all(r).map((x) => x.peakHeapUsedMb)), 0),
        all(r)
          .map((x) => fmtInt(x.eventsPerSec))
          .join(' / '),
      ];
    }),
  );
  const chronicle = best('chronicle');
  const vsRaw = ratio(chronicle?.eventsPerSec, best('raw')?.eventsPerSec);
  console.log(`\nchronicle/raw (events/s) = ${fmtFixed(vsRaw)}`);
  console.log(
    `\nRESULT chronicle_events_per_s=${Math.round(chronicle?.eventsPerSec ?? 0)} ` +
      `peak_rss_mb=${Math.round(peakRss('chronicle'))} chronicle/raw=${fmtFixed(vsRaw)}`,
  );
  return 0;
}
