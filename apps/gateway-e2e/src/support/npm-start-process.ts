import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { findFreePort } from '@chronicle/embedded-postgres';

export const workspaceRoot = resolve(__dirname, '../../../..');
/** Every process of one launch inherits it: how a test finds them all, apps and PostgreSQL included. */
export const MARKER_VARIABLE = 'CHRONICLE_TEST_MARKER';

/** The environment of `npm start` on free ports of its own, with a marker no other process has. */
export async function npmStartEnv(extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
  const { NATS_URL: _nats, DATABASE_URL: _db, MAILBOX_DIR: _mailbox, CHRONICLE_DATA_DIR: _data, ...inherited } = process.env; // TCP, whatever this machine has set
  const ports: NodeJS.ProcessEnv = {};
  const services = ['IDENTITY_COMMAND', 'IDENTITY_QUERY', 'INVENTORY_COMMAND', 'INVENTORY_QUERY', 'ORDERING_COMMAND', 'ORDERING_QUERY'];
  for (const variable of ['PORT', ...services.flatMap((s) => [`${s}_PORT`, `${s}_OPS_PORT`]), 'NOTIFICATIONS_HEALTH_PORT', 'NOTIFICATIONS_PORT']) {
    ports[variable] = String(await findFreePort());
  }
  return { ...inherited, ...ports, [MARKER_VARIABLE]: randomUUID(), PASSWORD_HASH_ROUNDS: '4', ...extra };
}

/**
 * What a failed launch printed that says why: the lines that report an error (an app's stack
 * trace, a refused port, the launcher's verdict), then the last of the output.
 */
export function failureExcerpt(output: string): string {
  const telling = output
    .split('\n')
    .filter((line) => !line.includes('"level":"info"') && /error|EADDRINUSE|stopped during|exited|refused|\bat /i.test(line))
    .slice(-40)
    .map((line) => line.slice(0, 1000));
  return [...(telling.length ? ['lines reporting errors:', ...telling, '--- last output:'] : []), output.slice(-2000)].join('\n');
}

/** One `npm start`, in its own process group as a terminal runs a job. */
export class NpmStart {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  private output = '';

  constructor(env: NodeJS.ProcessEnv, options: { args?: string[]; cwd?: string } = {}) {
    const args = ['start', ...(options.args?.length ? ['--', ...options.args] : [])];
    this.child = spawn('npm', args, { cwd: options.cwd ?? workspaceRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [this.child.stdout, this.child.stderr]) stream?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((done) => this.child.once('exit', (code) => done(code)));
  }

  get text(): string {
    return this.output;
  }

  get gatewayUrl(): string {
    const match = /Gateway:\s+(http:\/\/\S+)/.exec(this.output);
    if (!match) throw new Error('no gateway URL in the banner yet');
    return match[1];
  }

  /** Resolves with the output so far once `pattern` appears; rejects if npm start ends first. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<string> {
    return new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no ${pattern} within ${timeoutMs} ms:\n${failureExcerpt(this.output)}`)), timeoutMs);
      const check = () => {
        if (!pattern.test(this.output)) return;
        clearTimeout(timer);
        this.child.stdout?.off('data', check);
        this.child.stderr?.off('data', check);
        done(this.output);
      };
      this.child.stdout?.on('data', check);
      this.child.stderr?.on('data', check);
      void this.exited.then((code) => {
        clearTimeout(timer);
        if (!pattern.test(this.output)) fail(new Error(`npm start exited (${code}) before ${pattern}:\n${failureExcerpt(this.output)}`));
      });
      check();
    });
  }

  waitUntilUp(timeoutMs = 150_000): Promise<string> {
    return this.waitFor(/Press Ctrl-C to stop/, timeoutMs);
  }

  /** Signals npm itself only, as `kill <pid>` or a CI runner does. */
  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Signals the whole job (npm, sh, tsx, the launcher), as a terminal's Ctrl-C or a killed process group does. */
  signalGroup(signal: NodeJS.Signals): void {
    if (this.child.pid) process.kill(-this.child.pid, signal);
  }
}

/** A live process (zombies do not count: they hold nothing) and its command line. */
export interface MarkedProcess {
  readonly pid: number;
  readonly command: string;
}

/** Every live process whose environment carries `marker`, read from /proc. */
export function processesMarked(marker: string): MarkedProcess[] {
  const wanted = `${MARKER_VARIABLE}=${marker}`;
  const found: MarkedProcess[] = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      if (!readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(wanted)) continue;
      found.push({ pid: Number(entry), command: readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim().slice(0, 160) });
    } catch {
      // gone while we looked, or not ours to read
    }
  }
  return found;
}

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

/** Last resort for a failed test: nothing of this launch may survive it. */
export function killMarked(marker: string): void {
  for (const { pid } of processesMarked(marker)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
