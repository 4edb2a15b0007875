import { readdirSync, readFileSync } from 'node:fs';
import { Client } from 'pg';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** A process whose CPU the bench accounts for; `withChildren`: its children too (the postmaster's backends). */
export interface CpuSubject {
  readonly name: string;
  readonly pid: number | undefined;
  readonly withChildren?: boolean;
}

/** The fields of /proc/<pid>/stat after the parenthesised command name (field 3 onwards), or undefined when it is gone. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** utime + stime (fields 14, 15) and, with `reaped`, cutime + cstime (16, 17: its children that have ended), in seconds. */
function cpuSecondsOf(pid: number, reaped = false): number {
  const fields = statFields(pid);
  if (!fields) return 0;
  const ticks = Number(fields[11]) + Number(fields[12]) + (reaped ? Number(fields[13]) + Number(fields[14]) : 0);
  return ticks / TICKS_PER_SECOND;
}

/** The live children of `parent` (field 4 of their stat is the parent's pid). */
function childrenOf(parent: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if (statFields(Number(entry))?.[1] === String(parent)) pids.push(Number(entry));
  }
  return pids;
}

/**
 * The CPU of a process tree one level deep: the process itself, its live children, and the ones
 * that have ended (counted in its cutime / cstime once reaped), so a backend that comes and goes
 * between two snapshots is neither lost nor counted twice.
 */
function treeCpuSeconds(pid: number): number {
  return cpuSecondsOf(pid, true) + childrenOf(pid).reduce((sum, child) => sum + cpuSecondsOf(child), 0);
}

/**
 * The postmaster of the server behind `connectionString`: the parent of this connection's backend.
 * Only that server's processes are counted (the machine may run other PostgreSQL servers).
 * Undefined when the server is not on this machine (no /proc entry for its backend).
 */
export async function postmasterPid(connectionString: string): Promise<number | undefined> {
  const client = new Client({ connectionString });
  // A connection lost meanwhile fails the query below; the event must not end the bench.
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const parent = statFields(Number(rows[0]?.pid))?.[1];
    return parent ? Number(parent) : undefined;
  } finally {
    await client.end();
  }
}

/** CPU seconds per subject and of this (client) process, to compare two moments. */
export function cpuSnapshot(subjects: readonly CpuSubject[]): Map<string, number> {
  const snapshot = new Map<string, number>();
  for (const { name, pid, withChildren } of subjects) snapshot.set(name, pid ? (withChildren ? treeCpuSeconds(pid) : cpuSecondsOf(pid)) : 0);
  snapshot.set('bench client', cpuSecondsOf(process.pid));
  return snapshot;
}

export function cpuDelta(before: Map<string, number>, after: Map<string, number>): Array<[string, number]> {
  return [...after].map(([name, seconds]) => [name, seconds - (before.get(name) ?? 0)]);
}

/** Busy CPU seconds of the whole machine since boot (every state of /proc/stat's `cpu` line but idle and iowait). */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / TICKS_PER_SECOND;
}
