import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { findFreePort } from '@chronicle/embedded-postgres';
import { readSystemApps } from '@chronicle/plugin';
import { createPostgresEventStore } from '@chronicle/event-store';
import { sleep } from '../lib/stats';

const workspaceRoot = resolve(__dirname, '../../../..');

/** What `npm start` runs without NATS (every app tagged role:*, the relay needs NATS), in its start order: the gateway last. */
const APPS = readSystemApps(workspaceRoot).filter((app) => app.enabled({}));

export interface RunningSystem {
  url: string;
  /** Each app's process id, for CPU accounting. */
  processes: Array<{ name: string; pid: number | undefined }>;
  admin: { email: string; password: string };
  stop(): Promise<void>;
}

export interface SystemOptions {
  /** Extra variables (e.g. OTEL_*) for every app. */
  readonly env?: NodeJS.ProcessEnv;
  /** Write a V8 CPU profile of each app here (`node --cpu-prof`), one `<app>.cpuprofile` each, on stop. */
  readonly cpuProfileDir?: string;
}

/** Builds the apps' bundles (`nx build`: dist/apps/<app>/main.js, as the Dockerfile runs them); Nx's cache makes a rebuild of unchanged apps instant. */
function buildBundles(apps: readonly string[]): void {
  try {
    execFileSync(process.execPath, [require.resolve('nx/bin/nx'), 'run-many', '-t', 'build', `--projects=${apps.join(',')}`, '--output-style=static'], {
      cwd: workspaceRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NX_DAEMON: 'false' },
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`nx build of ${apps.join(', ')} failed:\n${stdout?.toString() ?? ''}${stderr?.toString() ?? ''}`);
  }
}

function startApp(name: string, env: NodeJS.ProcessEnv, cpuProfileDir: string | undefined): ChildProcess {
  const profile = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
  const child = spawn(process.execPath, ['--enable-source-maps', ...profile, join('dist', 'apps', name, 'main.js')], {
    cwd: workspaceRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Only warnings and errors are printed (start-up logs would drown the figures).
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      if (!/\bLOG\b|\bDEBUG\b|\bVERBOSE\b|"level":"(info|debug)"|"level":(20|30)\b/.test(line)) process.stderr.write(`[${name}] ${line}\n`);
    });
  }
  return child;
}

/**
 * Every app `npm start` runs without NATS (the services, notifications, the gateway last), each its
 * own process running its built bundle as the Dockerfile does, on free ports, against `databaseUrl`.
 */
export async function startSystem(databaseUrl: string, options: SystemOptions = {}): Promise<RunningSystem> {
  // Migrate once before the apps start, as `npm start` does.
  await (await createPostgresEventStore({ connectionString: databaseUrl })).close();
  const admin = { email: 'admin@bench.test', password: 'bench-admin-password' };
  const mailbox = mkdtempSync(join(tmpdir(), 'chronicle-bench-mailbox-'));
  const { NATS_URL: _nats, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    DATABASE_URL: databaseUrl,
    MAILBOX_DIR: mailbox,
    PASSWORD_HASH_ROUNDS: '4',
    CHRONICLE_ADMIN_EMAIL: admin.email,
    CHRONICLE_ADMIN_PASSWORD: admin.password,
    THROTTLE_LIMIT: '10000000',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  for (const port of APPS.flatMap((app) => app.ports(env))) env[port.variable] = String(await findFreePort());
  buildBundles(APPS.map((app) => app.name));
  const children = APPS.map(({ name }) => ({ name, child: startApp(name, env, options.cpuProfileDir) }));
  // Ctrl-C ends the bench through process.exit (withBenchDatabase's cleanup): no app may outlive it.
  const killAll = () => children.forEach(({ child }) => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
  process.once('exit', killAll);
  const stop = async () => {
    for (const { child } of [...children].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    process.off('exit', killAll);
    rmSync(mailbox, { recursive: true, force: true });
  };
  const gateway = APPS.find((app) => app.role === 'gateway');
  if (!gateway) throw new Error('no app is tagged role:gateway');
  const url = `http://127.0.0.1:${env[gateway.ops(env).variable]}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    const dead = children.find(({ child }) => child.exitCode !== null);
    if (dead) {
      await stop();
      throw new Error(`${dead.name} exited during start-up (code ${dead.child.exitCode})`);
    }
    const status = await fetch(`${url}/health/ready`).then((r) => r.status, () => 0);
    if (status === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error('the system did not become ready within 180 s');
    }
    await sleep(250);
  }
  return { url, admin, stop, processes: children.map(({ name, child }) => ({ name, pid: child.pid })) };
}
