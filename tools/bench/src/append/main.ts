import { resolve } from 'node:path';
import { envInt, envList } from '../lib/env';
import { checkpointCount, settleServer, withBenchDatabase } from '../lib/server';
import { fmtFixed, fmtInt, ratio } from '../lib/stats';
import { printTable, type Cell } from '../lib/table';
import { killWorkers, runWorker } from '../lib/worker';
import { CONTENDERS, isContenderName, type ContenderName } from './contenders';
import type { AppendWorkerInput, AppendWorkerResult } from './worker';
import { WORKLOAD_TITLES, WORKLOADS, type WorkloadName, type WorkloadResult } from './workloads';

const WORKER = resolve(__dirname, 'worker.ts');

/** Round r runs the contenders rotated by r (and reversed on odd rounds) to spread drift evenly. */
function roundOrder(contenders: readonly ContenderName[], round: number): ContenderName[] {
  const rotated = contenders.map((_, i) => contenders[(i + round) % contenders.length] as ContenderName);
  return round % 2 === 1 ? rotated.reverse() : rotated;
}

/** Throughput used to rank runs and compute ratios. */
function score(r: WorkloadResult | undefined): number | undefined {
  return r?.eventsPerSec;
}

export async function main(): Promise<number> {
  const seconds = envInt('BENCH_SECONDS', 5);
  const writers = envInt('BENCH_WRITERS', 8);
  const rounds = envInt('BENCH_ROUNDS', 2);
  const warmupMs = envInt('BENCH_WARMUP_MS', 1000);
  const poolSize = envInt('BENCH_POOL_SIZE', 8);
  const contenders = envList('BENCH_CONTENDERS', CONTENDERS).filter(isContenderName);
  const workloads = envList('BENCH_WORKLOADS', WORKLOADS).filter((w): w is WorkloadName =>
    (WORKLOADS as readonly string[]).includes(w),
  );
  console.log(
    `append benchmark: contenders=${contenders.join(',')} workloads=${workloads.join(',')} ` +
      `writers=${writers} pool=${poolSize} seconds=${seconds} warmup=${warmupMs}ms rounds=${rounds}`,
  );

  const runs = new Map<ContenderName, Map<WorkloadName, WorkloadResult[]>>(
    contenders.map((c) => [c, new Map(workloads.map((w) => [w, []]))]),
  );
  try {
    await withBenchDatabase('bench_append', async (db) => {
      for (let round = 0; round < rounds; round++) {
        for (const contender of roundOrder(contenders, round)) {
          await settleServer(db.connectionString);
          const cp0 = await checkpointCount(db.connectionString);
          const t0 = Date.now();
          const input: AppendWorkerInput = {
            contender,
            connectionString: db.connectionString,
            poolSize,
            writers,
            seconds,
            warmupMs,
            workloads,
            round,
          };
          const result = await runWorker<AppendWorkerInput, AppendWorkerResult>(WORKER, input);
          const cp = (await checkpointCount(db.connectionString)) - cp0;
          const summary = workloads
            .map((w) => `${w}=${fmtInt(result[w]?.eventsPerSec)} ev/s`)
            .join(' ');
          console.log(`round ${round + 1}/${rounds} ${contender.padEnd(9)} ${summary} (${((Date.now() - t0) / 1000).toFixed(1)} s, ${Number.isNaN(cp) ? '?' : cp} checkpoints)`);
          for (const w of workloads) {
            const r = result[w];
            if (r) runs.get(contender)?.get(w)?.push(r);
          }
        }
      }
    });
  } finally {
    killWorkers();
  }

  const best = (c: ContenderName, w: WorkloadName): WorkloadResult | undefined =>
    runs
      .get(c)
      ?.get(w)
      ?.reduce<WorkloadResult | undefined>((acc, r) => (!acc || r.eventsPerSec > acc.eventsPerSec ? r : acc), undefined);

  for (const w of workloads) {
    const rows: Cell[][] = contenders.map((c) => {
      const b = best(c, w);
      const all = runs.get(c)?.get(w) ?? [];
      return [
        c,
        fmtInt(b?.appendsPerSec),
        fmtInt(b?.eventsPerSec),
        ...(w === 'c' ? [fmtFixed(b?.latency?.p50Ms, 3), fmtFixed(b?.latency?.p99Ms, 3), fmtFixed(b?.latency?.meanMs, 3)] : []),
        all.map((r) => fmtInt(r.eventsPerSec)).join(' / '),
      ];
    });
    const latencyHeaders = w === 'c' ? ['p50 ms', 'p99 ms', 'mean ms'] : [];
    printTable(
      `${WORKLOAD_TITLES[w]} (best of ${rounds})`,
      ['contender', 'appends/s', 'events/s', ...latencyHeaders, 'events/s per round'],
      rows,
    );
  }

  const ratios = (w: WorkloadName): { vsEmmett: number; vsRaw: number } => ({
    vsEmmett: ratio(score(best('chronicle', w)), score(best('emmett', w))),
    vsRaw: ratio(score(best('chronicle', w)), score(best('raw', w))),
  });
  printTable(
    'Throughput ratios (events/s, best round)',
    ['workload', 'chronicle/emmett', 'chronicle/raw'],
    workloads.map((w) => [WORKLOAD_TITLES[w], fmtFixed(ratios(w).vsEmmett), fmtFixed(ratios(w).vsRaw)]),
  );
  const a = ratios('a');
  console.log(`\nRESULT chronicle/emmett=${fmtFixed(a.vsEmmett)} chronicle/raw=${fmtFixed(a.vsRaw)}`);
  return 0;
}
