import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { findFreePort } from '@chronicle/embedded-postgres';
import { createPostgresEventStore } from '@chronicle/event-store';
import { sleep } from '../lib/stats';

const workspaceRoot = resolve(__dirname, '../../../..');

/** The services in start order; the gateway last. */
const SERVICES = ['identity-command', 'identity-query', 'inventory-command', 'inventory-query', 'ordering-command', 'ordering-query'] as const;

export interface RunningSystem {
  url: string;
  /** Each app's process id, for CPU accounting. */
  processes: Array<{ name: string; pid: number | undefined }>;
  admin: { email: string; password: string };
  stop(): Promise<void>;
}

function startApp(name: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', `apps/${name}/src/main.ts`], {
    cwd: workspaceRoot,
    env: { ...env, SWC_NODE_PROJECT: 'tsconfig.base.json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Only warnings and errors are printed (start-up logs would drown the figures).
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      if (!/\bLOG\b|\bDEBUG\b|\bVERBOSE\b/.test(line)) process.stderr.write(`[${name}] ${line}\n`);
    });
  }
  return child;
}

/** Every app as its own process (as `npm start` runs them) on free ports, against `databaseUrl`. */
export async function startSystem(databaseUrl: string): Promise<RunningSystem> {
  // Migrate once before the apps start, as `npm start` does.
  await (await createPostgresEventStore({ connectionString: databaseUrl })).close();
  const admin = { email: 'admin@bench.test', password: 'bench-admin-password' };
  const port = async () => String(await findFreePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NATS_URL: '',
    IDENTITY_COMMAND_PORT: await port(),
    IDENTITY_QUERY_PORT: await port(),
    INVENTORY_COMMAND_PORT: await port(),
    INVENTORY_QUERY_PORT: await port(),
    ORDERING_COMMAND_PORT: await port(),
    ORDERING_QUERY_PORT: await port(),
    PORT: await port(),
    PASSWORD_HASH_ROUNDS: '4',
    CHRONICLE_ADMIN_EMAIL: admin.email,
    CHRONICLE_ADMIN_PASSWORD: admin.password,
    THROTTLE_LIMIT: '10000000',
    LOG_LEVEL: 'warn',
  };
  delete env['NATS_URL'];
  const children = [...SERVICES, 'gateway'].map((name) => ({ name, child: startApp(name, env) }));
  const stop = async () => {
    for (const { child } of children.reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const url = `http://127.0.0.1:${env['PORT']}`;
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
