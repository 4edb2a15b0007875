import { readFileSync } from 'node:fs';

interface ProcessMark {
  readonly pid: number;
  /** Start time in clock ticks: a pid the kernel reuses for another process does not fool us. */
  readonly startTime: string;
}

/** ppid and start time from /proc/<pid>/stat (the command name may hold spaces and parentheses). */
function readStat(pid: number): { ppid: number; startTime: string; zombie: boolean } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), startTime: fields[19], zombie: fields[0] === 'Z' };
  } catch {
    return undefined;
  }
}

/** npm sets npm_lifecycle_script for the script it runs: a process with it is part of `npm start`. */
function runByNpm(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').some((entry) => entry.startsWith('npm_lifecycle_script='));
  } catch {
    return false;
  }
}

/**
 * The processes `npm start` consists of above us: our parent (tsx), and while the process is one
 * npm runs for the script (sh, tsx), its parent too, up to npm itself.
 */
function launcherChain(): ProcessMark[] {
  const chain: ProcessMark[] = [];
  let pid = process.ppid;
  for (;;) {
    const stat = readStat(pid);
    if (!stat || pid <= 1) return chain;
    chain.push({ pid, startTime: stat.startTime });
    if (!runByNpm(pid)) return chain;
    pid = stat.ppid;
  }
}

/**
 * Calls `onGone` once any process of the launcher chain is gone, however it died: a SIGKILLed
 * npm or tsx cannot tell us, and would leave us (and so every app) running. Linux reads /proc;
 * elsewhere a change of our parent is the sign.
 */
export function watchLauncherChain(onGone: (pid: number) => void, intervalMs = 200): () => void {
  const chain = launcherChain();
  const initialParent = process.ppid;
  const gone = (): number | undefined => {
    if (chain.length === 0) return process.ppid !== initialParent ? initialParent : undefined;
    return chain.find((mark) => {
      const now = readStat(mark.pid);
      return !now || now.zombie || now.startTime !== mark.startTime;
    })?.pid;
  };
  const timer = setInterval(() => {
    const pid = gone();
    if (pid === undefined) return;
    clearInterval(timer);
    onGone(pid);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
