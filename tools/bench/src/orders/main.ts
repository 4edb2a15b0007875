import os from 'node:os';
import { join, resolve } from 'node:path';
import type { AppendWorkerInput, AppendWorkerResult } from '../append/worker';
import { envInt } from '../lib/env';
import { describeServer, withBenchDatabase } from '../lib/server';
import { fmtFixed, fmtInt, ratio, summarizeLatencies } from '../lib/stats';
import { printTable } from '../lib/table';
import { killWorkers, runWorker } from '../lib/worker';
import { cpuDelta, cpuSnapshot, machineBusySeconds, postmasterPid, type CpuSubject } from './cpu-usage';
import { OrderOutcomes } from './order-outcomes';
import { startOtlpReceiver, type OtlpReceiver } from '@chronicle/testing';
import { startSystem } from './system';
import { STATEMENT_PROFILE_SETTINGS, StatementProfile } from '../lib/statements';
import { printCpuProfiles } from '../lib/cpu-profile';

const APPEND_WORKER = resolve(__dirname, '../append/worker.ts');
/** Appends one confirmed order costs: OrderPlaced, StockReserved, OrderConfirmed. */
const APPENDS_PER_ORDER = 3;

const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

async function api<T = Record<string, unknown>>(url: string, method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
}

async function expectStatus<T>(promise: Promise<{ status: number; body: T }>, status: number, what: string): Promise<T> {
  const response = await promise;
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** The raw single-event INSERT rate of this server (bench:append's `raw` contender, workload a). */
async function rawAppendRate(connectionString: string): Promise<number> {
  const input: AppendWorkerInput = {
    contender: 'raw',
    connectionString,
    poolSize: 8,
    writers: 8,
    seconds: envInt('BENCH_SECONDS', 5),
    warmupMs: 1000,
    workloads: ['a'],
    round: 0,
  };
  const result = await runWorker<AppendWorkerInput, AppendWorkerResult>(APPEND_WORKER, input);
  const rate = result.a?.appendsPerSec;
  if (!rate) throw new Error('the raw append reference did not run');
  return rate;
}

export async function main(): Promise<number> {
  const seconds = envInt('BENCH_ORDERS_SECONDS', 15);
  const warmupMs = envInt('BENCH_ORDERS_WARMUP_MS', 3000);
  const clients = envInt('BENCH_ORDERS_CLIENTS', 8);
  const skus = envInt('BENCH_ORDERS_SKUS', 100);
  // BENCH_TRACING=1: every app exports its spans (OTLP http/protobuf) to a receiver in this process, as to a collector.
  const tracing = process.env['BENCH_TRACING'] === '1';
  // BENCH_PG_STATEMENTS=1: the server's statements in the measured window (pg_stat_statements), per order.
  const statementProfile = process.env['BENCH_PG_STATEMENTS'] === '1';
  console.log(`orders benchmark: clients=${clients} skus=${skus} seconds=${seconds} warmup=${warmupMs}ms tracing=${tracing ? 'exported (OTLP)' : process.env['OTEL_SDK_DISABLED'] === 'true' ? 'SDK disabled' : 'not exported (no endpoint)'}`);
  let receiver: OtlpReceiver | undefined;

  let raw = 0;
  let latencies: number[] = [];
  let completed = 0;
  let rejected = 0;
  /** Where the time goes: the POST's reply, the saga until OrderConfirmed reaches the feed, the read-your-writes GET. */
  const phases = { post: [] as number[], saga: [] as number[], read: [] as number[] };
  let cpu: Array<[string, number]> = [];
  /** The measured window on the monotonic clock the apps' CPU profiles use. */
  const windowUs = { from: 0, to: 0 };
  /** Busy CPU seconds of the whole machine in the window, to show what else ran beside the system. */
  let machine = Number.NaN;
  try {
    await withBenchDatabase('bench_orders', async (db) => {
      console.log(`server: ${await describeServer(db.connectionString)}`);
      raw = await rawAppendRate(db.connectionString);
      console.log(`reference: raw INSERT ${fmtInt(raw)} appends/s (8 writers, 1 event each)`);

      receiver = tracing ? await startOtlpReceiver() : undefined;
      const cpuProfileDir = process.env['BENCH_CPU_PROFILE_DIR'] ? resolve(process.env['BENCH_CPU_PROFILE_DIR']) : undefined;
      const system = await startSystem(db.connectionString, { env: receiver ? { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } : {}, cpuProfileDir });
      // Only this server's processes count (the machine may run other PostgreSQL servers).
      const postmaster = await postmasterPid(db.connectionString);
      const subjects: CpuSubject[] = [...system.processes, { name: 'postgresql', pid: postmaster, withChildren: true }];
      const outcomes = new OrderOutcomes();
      const statements = statementProfile ? await StatementProfile.open(db.connectionString) : undefined;
      try {
        const { url } = system;
        const admin = (await expectStatus(api<{ accessToken: string }>(url, 'POST', '/auth/login', undefined, system.admin), 200, 'admin login')).accessToken;
        await outcomes.listen(url, admin);
        for (let i = 0; i < skus; i++) {
          await expectStatus(api(url, 'POST', '/inventory/items', admin, { sku: `sku-${i}`, name: `Item ${i}`, quantity: 1_000_000_000 }), 201, 'add item');
        }
        const tokens: string[] = [];
        for (let c = 0; c < clients; c++) {
          const user = { email: `client-${c}@bench.test`, name: `Client ${c}`, password: 'bench-password' };
          await expectStatus(api(url, 'POST', '/users', admin, user), 201, 'create user');
          tokens.push((await expectStatus(api<{ accessToken: string }>(url, 'POST', '/auth/login', undefined, { email: user.email, password: user.password }), 200, 'login')).accessToken);
        }
        console.log(`system up at ${url}: ${skus} SKUs, ${clients} customers`);

        const measureFrom = performance.now() + warmupMs;
        const measureTo = measureFrom + seconds * 1000;
        const client = async (token: string) => {
          while (performance.now() < measureTo) {
            const lines = pickLines(skus);
            const t0 = performance.now();
            const placed = await expectStatus(api<{ orderId: string }>(url, 'POST', '/orders', token, { lines }), 202, 'place order');
            const tPosted = performance.now();
            const outcome = await outcomes.waitFor(placed.orderId, 30_000);
            const tOutcome = performance.now();
            const view = await expectStatus(
              api<{ status: string }>(url, 'GET', `/orders/${placed.orderId}`, token, undefined, { 'x-min-position': outcome.position }),
              200,
              'get order',
            );
            const t1 = performance.now();
            if (view.status !== 'CONFIRMED') {
              rejected++;
              continue;
            }
            if (t0 >= measureFrom && t1 <= measureTo) {
              latencies.push(t1 - t0);
              phases.post.push(tPosted - t0);
              phases.saga.push(tOutcome - tPosted);
              phases.read.push(t1 - tOutcome);
              completed++;
            }
          }
        };
        let before: Map<string, number> | undefined;
        let machineBefore = 0;
        const sampler = setTimeout(() => {
          windowUs.from = monotonicUs();
          before = cpuSnapshot(subjects);
          machineBefore = machineBusySeconds();
          void statements?.reset();
        }, Math.max(0, measureFrom - performance.now()));
        await Promise.all(tokens.map(client));
        windowUs.to = monotonicUs();
        clearTimeout(sampler);
        await statements?.print(completed);
        if (before) {
          cpu = cpuDelta(before, cpuSnapshot(subjects));
          machine = machineBusySeconds() - machineBefore;
        }
        if (postmaster === undefined) console.log('postgresql: not on this machine (no /proc entry for its backend), its CPU is not counted');
      } finally {
        outcomes.close();
        await system.stop();
        if (receiver) console.log(`spans received over OTLP: ${receiver.spans().length}`);
        await statements?.close();
        if (cpuProfileDir) printCpuProfiles(system.processes.map(({ name }) => ({ name, path: join(cpuProfileDir, `${name}.cpuprofile`) })), windowUs.from, windowUs.to, completed);
        await receiver?.close();
      }
    }, statementProfile ? { embeddedSettings: STATEMENT_PROFILE_SETTINGS } : {});
  } finally {
    killWorkers();
  }
  if (rejected > 0) throw new Error(`${rejected} orders were not CONFIRMED although every SKU had stock`);
  const ordersPerSec = completed / seconds;
  const summary = summarizeLatencies(latencies);
  latencies = [];
  printTable(
    `orders end to end through the gateway (POST /orders -> CONFIRMED visible in GET /orders/{id}), ${clients} clients, ${skus} SKUs`,
    ['what', 'per second', 'p50 ms', 'p99 ms', 'mean ms', 'orders'],
    [
      ['orders confirmed', fmtFixed(ordersPerSec, 1), fmtFixed(summary.p50Ms, 1), fmtFixed(summary.p99Ms, 1), fmtFixed(summary.meanMs, 1), fmtInt(completed)],
      [`event appends in those orders (${APPENDS_PER_ORDER}/order)`, fmtInt(ordersPerSec * APPENDS_PER_ORDER), '', '', '', ''],
      ['reference: raw INSERT, 8 writers (same server, same run)', fmtInt(raw), '', '', '', ''],
    ],
  );
  printTable(
    'where the time goes (per order)',
    ['phase', 'p50 ms', 'p99 ms', 'mean ms'],
    [
      ['POST /orders answered 202 (OrderPlaced appended)', phases.post],
      ['saga: reserve + confirm, until OrderConfirmed is on the SSE feed', phases.saga],
      ['GET /orders/{id} with X-Min-Position (read model caught up)', phases.read],
    ].map(([label, samples]) => {
      const p = summarizeLatencies(samples as number[]);
      return [label as string, fmtFixed(p.p50Ms, 1), fmtFixed(p.p99Ms, 1), fmtFixed(p.meanMs, 1)];
    }),
  );
  // The system is every app and the server; the bench client drives it and is shown apart.
  const system = cpu.filter(([name]) => name !== 'bench client');
  const systemSeconds = system.reduce((sum, [, seconds]) => sum + seconds, 0);
  const cpuMsPerOrder = completed && cpu.length ? (1000 * systemSeconds) / completed : Number.NaN;
  if (cpu.length) {
    const client = cpu.find(([name]) => name === 'bench client')?.[1] ?? 0;
    const row = (name: string, s: number, inTotal = true) => [name, fmtFixed(s, 2), inTotal ? `${fmtFixed((100 * s) / systemSeconds, 0)}%` : '', fmtFixed((1000 * s) / Math.max(1, completed), 2)];
    printTable(
      `CPU in the measured window (${seconds} s on ${os.cpus().length} cores), per process; share of the system total`,
      ['process', 'cpu seconds', 'share', 'cpu ms per order'],
      [
        ...system.map(([name, s]) => row(name, s)),
        row('total (the system: apps + PostgreSQL)', systemSeconds),
        row('bench client (not in the total)', client, false),
        row('rest of the machine (not in the total)', machine - systemSeconds - client, false),
      ],
    );
  }
  console.log(
    `RESULT orders_per_s=${fmtFixed(ordersPerSec, 1)} p50_ms=${fmtFixed(summary.p50Ms, 1)} p99_ms=${fmtFixed(summary.p99Ms, 1)} ` +
      `raw_appends_per_s=${fmtInt(raw).replace(/,/g, '')} order_appends/raw=${fmtFixed(ratio(ordersPerSec * APPENDS_PER_ORDER, raw), 3)} ` +
      `cpu_ms_per_order=${fmtFixed(cpuMsPerOrder, 1)}`,
  );
  return 0;
}

/** One to three distinct SKUs, one unit each. */
function pickLines(skus: number): Array<{ sku: string; quantity: number }> {
  const count = 1 + Math.floor(Math.random() * 3);
  const picked = new Set<number>();
  while (picked.size < Math.min(count, skus)) picked.add(Math.floor(Math.random() * skus));
  return [...picked].map((i) => ({ sku: `sku-${i}`, quantity: 1 }));
}

