import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** utime + stime of a process in seconds, or 0 when it is gone (or not on Linux). */
function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The processes named `postgres` (the server and its backends) on this machine. */
function postgresPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** CPU seconds per app process, PostgreSQL and this (client) process, to compare two moments. */
export function cpuSnapshot(apps: ReadonlyArray<{ name: string; pid: number | undefined }>): Map<string, number> {
  const snapshot = new Map<string, number>();
  for (const { name, pid } of apps) snapshot.set(name, pid ? cpuSecondsOf(pid) : 0);
  snapshot.set('postgresql', postgresPids().reduce((sum, pid) => sum + cpuSecondsOf(pid), 0));
  snapshot.set('bench client', cpuSecondsOf(process.pid));
  return snapshot;
}

export function cpuDelta(before: Map<string, number>, after: Map<string, number>): Array<[string, number]> {
  return [...after].map(([name, seconds]) => [name, seconds - (before.get(name) ?? 0)]);
}
