import { resolve } from 'node:path';
import { Client } from 'pg';
import { createPostgresEventStore } from '@chronicle/event-store';
import type { AppendWorkerInput, AppendWorkerResult } from '../append/worker';
import { envInt, envList } from '../lib/env';
import { settleServer, withBenchDatabase } from '../lib/server';
import { fmtFixed, fmtInt, ratio, sleep, summarizeLatencies } from '../lib/stats';
import { printTable, type Cell } from '../lib/table';
import { killWorkers, runWorker } from '../lib/worker';
import type { DeliveryWorkerInput, DeliveryWorkerResult } from './delivery-worker';

const DELIVERY_WORKER = resolve(__dirname, 'delivery-worker.ts');
const APPEND_WORKER = resolve(__dirname, '../append/worker.ts');
const now = (): number => performance.timeOrigin + performance.now();

interface Scenario {
  readonly subscribers: number;
  readonly blocked: boolean;
}

interface ScenarioResult extends Scenario {
  readonly appends: number;
  readonly deliveries: number;
  readonly missing: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * A transaction that has written (so it holds a transaction id) and stays open: in another
 * database of the same server, as another team's idle-in-transaction session would be.
 */
async function openUnrelatedTransaction(connectionString: string): Promise<() => Promise<void>> {
  const admin = new Client({ connectionString });
  await admin.connect();
  const other = `bench_unrelated_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${other}`);
  const client = new Client({ connectionString: withDatabase(connectionString, other) });
  client.on('error', () => undefined);
  await client.connect();
  await client.query('CREATE TABLE t (x int)');
  await client.query('BEGIN');
  await client.query('INSERT INTO t VALUES (1)');
  return async () => {
    await client.query('COMMIT');
    await client.end();
    await admin.query(`DROP DATABASE ${other} WITH (FORCE)`);
    await admin.end();
  };
}

async function runScenario(connectionString: string, scenario: Scenario, seconds: number, rate: number): Promise<ScenarioResult> {
  const category = `delivery${scenario.subscribers}${scenario.blocked ? 'b' : 'f'}${Date.now()}`;
  const expected = seconds * rate;
  const writer = await createPostgresEventStore({ connectionString, poolSize: 4, migrate: false });
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (markReady = r));
  const input: DeliveryWorkerInput = { connectionString, category, subscribers: scenario.subscribers, expected, deadlineMs: (seconds + 30) * 1000 };
  const result = runWorker<DeliveryWorkerInput, DeliveryWorkerResult>(DELIVERY_WORKER, input, () => markReady());
  const committedAt = new Map<string, number>();
  try {
    await ready;
    const release = scenario.blocked ? await openUnrelatedTransaction(connectionString) : undefined;
    const started = now();
    const appends: Promise<void>[] = [];
    for (let i = 0; i < expected; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - now();
      if (wait > 0) await sleep(wait);
      const id = crypto.randomUUID();
      appends.push(
        writer.appendToStream(`${category}-${i % 50}`, [{ id, type: 'Delivered', data: { i } }]).then(() => {
          committedAt.set(id, now());
        }),
      );
    }
    await Promise.all(appends);
    await release?.();
    const received = await result;
    const latencies: number[] = [];
    let missing = 0;
    for (const times of received) {
      for (const [id, committed] of committedAt) {
        const at = times[id];
        if (at === undefined) missing++;
        else latencies.push(Math.max(0, at - committed));
      }
    }
    const summary = summarizeLatencies(latencies);
    return { ...scenario, appends: expected, deliveries: latencies.length, missing, p50Ms: summary.p50Ms, p99Ms: summary.p99Ms, maxMs: summary.maxMs };
  } finally {
    await writer.close();
  }
}

/** bench:append (a) for raw INSERTs and Chronicle, two alternating rounds, best of each. */
async function appendRatio(connectionString: string, seconds: number): Promise<{ raw: number; chronicle: number }> {
  const best: Record<'raw' | 'chronicle', number> = { raw: 0, chronicle: 0 };
  for (const [round, contender] of (['raw', 'chronicle', 'chronicle', 'raw'] as const).entries()) {
    await settleServer(connectionString);
    const input: AppendWorkerInput = { contender, connectionString, poolSize: 8, writers: 8, seconds, warmupMs: 1000, workloads: ['a'], round };
    const result = await runWorker<AppendWorkerInput, AppendWorkerResult>(APPEND_WORKER, input);
    best[contender] = Math.max(best[contender], result.a?.eventsPerSec ?? 0);
  }
  return best;
}

export async function main(): Promise<number> {
  const seconds = envInt('BENCH_SECONDS', 5);
  const rate = envInt('BENCH_RATE', 200);
  const counts = envList('BENCH_SUBSCRIBERS', ['1', '7']).map(Number);
  console.log(`delivery benchmark: ${rate} appends/s for ${seconds} s per scenario, subscribers ${counts.join(' and ')}, each its own store`);
  const results: ScenarioResult[] = [];
  let appends = { raw: Number.NaN, chronicle: Number.NaN };
  try {
    await withBenchDatabase('bench_delivery', async (db) => {
      await (await createPostgresEventStore({ connectionString: db.connectionString })).close();
      appends = await appendRatio(db.connectionString, seconds);
      for (const subscribers of counts) {
        for (const blocked of [false, true]) {
          await settleServer(db.connectionString);
          const r = await runScenario(db.connectionString, { subscribers, blocked }, seconds, rate);
          console.log(`${subscribers} subscriber(s), ${blocked ? 'unrelated open transaction' : 'quiet server'}: p50 ${fmtFixed(r.p50Ms)} ms, p99 ${fmtFixed(r.p99Ms)} ms, missing ${r.missing}`);
          results.push(r);
        }
      }
    });
  } finally {
    killWorkers();
  }
  const rows: Cell[][] = results.map((r) => [
    r.subscribers,
    r.blocked ? 'open tx in another database' : 'none',
    fmtInt(r.deliveries),
    fmtInt(r.missing),
    fmtFixed(r.p50Ms),
    fmtFixed(r.p99Ms),
    fmtFixed(r.maxMs),
  ]);
  printTable('Commit -> live subscriber receipt', ['subscribers', 'unrelated transaction', 'deliveries', 'missing', 'p50 ms', 'p99 ms', 'max ms'], rows);
  const appendRatioA = ratio(appends.chronicle, appends.raw);
  printTable(
    'bench:append (a) in the same run (1 event/append, 8 writers)',
    ['raw INSERT ev/s', 'chronicle ev/s', 'chronicle/raw'],
    [[fmtInt(appends.raw), fmtInt(appends.chronicle), fmtFixed(appendRatioA)]],
  );
  const pick = (s: number, b: boolean) => results.find((r) => r.subscribers === s && r.blocked === b);
  const fields = counts.flatMap((s) => [
    `p99_ms_${s}sub=${fmtFixed(pick(s, false)?.p99Ms)}`,
    `p99_ms_${s}sub_open_tx=${fmtFixed(pick(s, true)?.p99Ms)}`,
  ]);
  console.log(`\nRESULT ${fields.join(' ')} append_a_chronicle/raw=${fmtFixed(appendRatioA)}`);
  return results.every((r) => r.missing === 0) ? 0 : 1;
}
