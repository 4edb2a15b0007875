import { resolve } from 'node:path';
import { envInt } from '../lib/env';
import { withBenchDatabase } from '../lib/server';
import { STATEMENT_PROFILE_SETTINGS, StatementProfile } from '../lib/statements';
import { fmtFixed, ratio, sleep } from '../lib/stats';
import { printTable } from '../lib/table';
import { cpuDelta, cpuSnapshot, machineBusySeconds, postmasterPid, type CpuSubject } from '../orders/cpu-usage';
import { startSystem } from '../orders/system';

/** The target: an idle system under 1% of one core. */
const TARGET_PCT_OF_ONE_CORE = 1;

export async function main(): Promise<number> {
  const seconds = envInt('BENCH_IDLE_SECONDS', 60);
  const settleMs = envInt('BENCH_IDLE_SETTLE_MS', 10_000);
  console.log(`idle benchmark: seconds=${seconds} settle=${settleMs}ms`);
  let cpu: Array<[string, number]> = [];
  let machine = Number.NaN;
  let windowSeconds = seconds;
  // BENCH_PG_STATEMENTS=1: the server's statements in the window (pg_stat_statements), per minute.
  const statementProfile = process.env['BENCH_PG_STATEMENTS'] === '1';
  await withBenchDatabase('bench_idle', async (db) => {
    const cpuProfileDir = process.env['BENCH_CPU_PROFILE_DIR'] ? resolve(process.env['BENCH_CPU_PROFILE_DIR']) : undefined;
    const system = await startSystem(db.connectionString, { cpuProfileDir });
    const statements = statementProfile ? await StatementProfile.open(db.connectionString) : undefined;
    try {
      const postmaster = await postmasterPid(db.connectionString);
      if (postmaster === undefined) console.log('postgresql: not on this machine (no /proc entry for its backend), its CPU is not counted');
      const subjects: CpuSubject[] = [...system.processes, { name: 'postgresql', pid: postmaster, withChildren: true }];
      console.log(`system up at ${system.url}; settling ${settleMs} ms, then measuring ${seconds} s with no requests`);
      await sleep(settleMs);
      await statements?.reset();
      const before = cpuSnapshot(subjects);
      const machineBefore = machineBusySeconds();
      const t0 = performance.now();
      await sleep(seconds * 1000);
      windowSeconds = (performance.now() - t0) / 1000;
      cpu = cpuDelta(before, cpuSnapshot(subjects)).filter(([name]) => name !== 'bench client');
      machine = machineBusySeconds() - machineBefore;
      await statements?.print(windowSeconds / 60, 'minute');
    } finally {
      await statements?.close();
      await system.stop();
    }
  }, statementProfile ? { embeddedSettings: STATEMENT_PROFILE_SETTINGS } : {});
  const total = cpu.reduce((sum, [, s]) => sum + s, 0);
  const pct = (s: number) => (100 * s) / windowSeconds;
  printTable(
    `CPU of the idle system over ${fmtFixed(windowSeconds, 1)} s, per process (% of one core)`,
    ['process', 'cpu seconds', '% of one core'],
    [...cpu, ['total (the system: apps + PostgreSQL)', total] as [string, number], ['rest of the machine (not in the total)', machine - total] as [string, number]].map(([name, s]) => [
      name,
      fmtFixed(s, 3),
      fmtFixed(pct(s), 2),
    ]),
  );
  console.log(`RESULT idle_cpu_pct_of_one_core=${fmtFixed(pct(total), 2)} target_pct=${TARGET_PCT_OF_ONE_CORE} vs_target=${fmtFixed(ratio(pct(total), TARGET_PCT_OF_ONE_CORE), 2)}`);
  return 0;
}
