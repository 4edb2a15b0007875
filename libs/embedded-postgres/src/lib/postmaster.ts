import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { EmbeddedPostgresError, EmbeddedPostgresErrorCodes } from './embedded-postgres-error';
import type { PostgresBinaries } from './postgres-binaries';
import type { ServerUser } from './server-user';

/** A postgres server process. */
export interface Postmaster {
  /** Undefined when the process could not be spawned at all (then `ready` rejects). */
  readonly pid: number | undefined;
  /** Resolves once the server accepts connections; rejects with the reason it stopped before. */
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
  /** Fast shutdown (SIGINT); immediate (SIGQUIT) after `graceMs`, SIGKILL 5 s later. */
  stop(graceMs: number): Promise<void>;
}

export interface PostmasterOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly flags: readonly string[];
  readonly user: ServerUser | undefined;
  readonly log: (line: string) => void;
}

const READY = 'database system is ready to accept connections';

/** The line that says why the server stopped: its FATAL message and hint. */
function reasonIn(output: string): string {
  const lines = output.split('\n');
  const fatal = lines.findIndex((line) => /\b(FATAL|PANIC):/.test(line));
  if (fatal < 0) return lines.filter(Boolean).pop() ?? 'no output';
  const hint = lines.slice(fatal + 1).find((line) => /\bHINT:/.test(line));
  return [lines[fatal], hint]
    .filter((line): line is string => !!line)
    .map((line) => line.replace(/^.*?\b(FATAL|PANIC|HINT):\s*/, ''))
    .join(' ');
}

/** Spawns postgres on `dataDir`; `ready` tells when it accepts connections. */
export function spawnPostmaster(binaries: PostgresBinaries, options: PostmasterOptions): Postmaster {
  const child = spawn(join(binaries.binDir, 'postgres'), ['-D', options.dataDir, '-p', String(options.port), '-c', 'lc_messages=C', ...options.flags], {
    // Its own process group: a Ctrl-C in the terminal must not stop the database under the apps
    // still shutting down; the owner stops it last (or its watchdog, should the owner die).
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LC_ALL: 'C' },
    ...(options.user && { uid: options.user.uid, gid: options.user.gid }),
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    let output = '';
    let started = false;
    // Read stderr for the server's whole life: a full pipe would block its logging.
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      options.log(text);
      if (started) return;
      output = (output + text).slice(-8192);
      if (output.includes(READY)) {
        started = true;
        resolve();
      }
    });
    child.once('error', (error) =>
      reject(new EmbeddedPostgresError(EmbeddedPostgresErrorCodes.BINARIES_UNREACHABLE, `cannot run ${binaries.binDir}/postgres (${(error as NodeJS.ErrnoException).code ?? error.message})`, { cause: error })),
    );
    void exited.then(() => reject(new EmbeddedPostgresError(EmbeddedPostgresErrorCodes.SERVER_FAILED, `PostgreSQL did not start: ${reasonIn(output)}`)));
  });
  ready.catch(() => undefined); // observed by the caller; never an unhandled rejection here

  return {
    pid: child.pid,
    ready,
    exited,
    async stop(graceMs) {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT');
      const immediate = setTimeout(() => child.kill('SIGQUIT'), graceMs);
      const kill = setTimeout(() => child.kill('SIGKILL'), graceMs + 5000);
      await exited;
      clearTimeout(immediate);
      clearTimeout(kill);
    },
  };
}
