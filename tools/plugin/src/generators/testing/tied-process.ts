import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * Kills a process and everything below it, found through /proc while they are all alive (Nx runs
 * its tasks in process groups of their own, so a group is not enough), then its group. Plain JS:
 * it runs in the watchdog and in a short-lived `node -e`.
 */
const KILL_TREE = `
const { readdirSync, readFileSync } = require('fs');
function descendants(root) {
  const children = new Map();
  let rootLeadsItsGroup = false;
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const stat = readFileSync('/proc/' + entry + '/stat', 'utf8');
      const [, ppid, pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
      children.set(ppid, [...(children.get(ppid) || []), Number(entry)]);
      if (Number(entry) === root && pgid === root) rootLeadsItsGroup = true;
    } catch {}
  }
  // Once it ended, its pid may be another process's: only its group is still surely ours.
  if (!rootLeadsItsGroup) return [];
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]) || []));
  return out;
}
function killTree(root, signal) {
  for (const pid of descendants(root)) { try { process.kill(pid, signal); } catch {} }
  try { process.kill(-root, signal); } catch {}
}
`;

/** Watches its parent and a process: when the parent is gone (even SIGKILLed), it kills the process's tree; when that is gone, it ends. */
const WATCHDOG = `${KILL_TREE}
const [parent, root] = process.argv.slice(1).map(Number);
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
setInterval(() => {
  if (!alive(root) && !alive(-root)) process.exit(0);
  if (!alive(parent)) { killTree(root, 'SIGKILL'); process.exit(0); }
}, 300);
`;

const killTree = (pid: number, signal: NodeJS.Signals): void => {
  spawnSync(process.execPath, ['-e', `${KILL_TREE}killTree(Number(process.argv[1]), process.argv[2]);`, String(pid), signal], { stdio: 'ignore' });
};

/** A process in its own group, killed with everything it started when the test process ends, whatever way it ends. */
export interface TiedProcess {
  readonly child: ChildProcess;
  /** stdout and stderr so far (the last 64 KiB). */
  output(): string;
  /** Resolves with the exit code (a signal: null). */
  readonly exited: Promise<number | null>;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once it exited. */
  stop(graceMs?: number): Promise<void>;
}

export function spawnTied(command: string, args: string[], options: SpawnOptions): TiedProcess {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${command} did not start`);
  spawn(process.execPath, ['-e', WATCHDOG, String(process.pid), String(pid)], { detached: true, stdio: 'ignore' }).unref();
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-65_536));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) killTree(pid, 'SIGTERM');
      const timer = setTimeout(() => killTree(pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // What it started may outlive it (a jest worker in its own group).
      killTree(pid, 'SIGKILL');
    },
  };
}

/** Runs a command to its end (killed after `timeoutMs`); throws with the tail of its output when it fails. */
export async function runTied(command: string, args: string[], options: SpawnOptions & { timeoutMs: number }): Promise<string> {
  const run = spawnTied(command, args, options);
  const timer = setTimeout(() => void run.stop(1_000), options.timeoutMs);
  const code = await run.exited;
  clearTimeout(timer);
  await run.stop(0);
  if (code !== 0) throw new Error(`\`${[command, ...args].join(' ')}\` ended with ${code ?? 'a signal'}:\n${run.output().slice(-6_000)}`);
  return run.output();
}

/** Resolves once the process printed `marker`; rejects when it exits first or `timeoutMs` passes. */
export async function waitForOutput(run: TiedProcess, marker: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (run.output().includes(marker)) return;
    if (run.child.exitCode !== null || run.child.signalCode !== null) throw new Error(`exited before printing "${marker}":\n${run.output().slice(-4_000)}`);
    if (Date.now() > deadline) throw new Error(`no "${marker}" within ${timeoutMs} ms:\n${run.output().slice(-4_000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
