import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, findFreePort, startAppProcess, type TestDatabase } from '@chronicle/testing';

/** Every app `npm start` runs without NATS, each its own process; the gateway last. */
const SERVICES = ['identity-command', 'identity-query', 'inventory-command', 'inventory-query', 'ordering-command', 'ordering-query', 'notifications'] as const;
const portVariable = (app: string): string => `${app.toUpperCase().replace('-', '_')}_PORT`;

export interface ConsoleSystem {
  url: string;
  admin: { email: string; password: string };
  database: TestDatabase;
  stop(): Promise<void>;
}

async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, 250))) {
    if ((await fetch(`${url}/health/ready`).then((r) => r.status, () => 0)) === 200) return;
    if (Date.now() > deadline) throw new Error(`the gateway at ${url} did not become ready`);
  }
}

/** The whole system on free ports and a fresh database, serving the built console from `consoleDir`. */
export async function startConsoleSystem(consoleDir: string): Promise<ConsoleSystem> {
  const database = await createTestDatabase();
  const mailbox = await mkdtemp(join(tmpdir(), 'console-mailbox-'));
  const ports: Record<string, string> = {};
  for (const app of SERVICES) ports[portVariable(app)] = String(await findFreePort());
  ports['PORT'] = String(await findFreePort());
  const admin = { email: 'admin@console.test', password: 'console-admin-password' };
  const { NATS_URL: _nats, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    ...ports,
    DATABASE_URL: database.connectionString,
    MAILBOX_DIR: mailbox,
    CONSOLE_DIST_DIR: consoleDir,
    PASSWORD_HASH_ROUNDS: '4',
    CHRONICLE_ADMIN_EMAIL: admin.email,
    CHRONICLE_ADMIN_PASSWORD: admin.password,
    THROTTLE_LIMIT: '100000',
  };
  const apps: ChildProcess[] = [];
  const stop = async () => {
    for (const child of apps) child.kill('SIGTERM');
    await Promise.all(apps.map((child) => (child.exitCode === null && child.signalCode === null ? new Promise((r) => child.once('exit', r)) : undefined)));
    await rm(mailbox, { recursive: true, force: true });
    await database.drop().catch(() => undefined);
  };
  try {
    // Started together (each migrates what it owns under an advisory lock); the gateway needs them up.
    apps.push(...(await Promise.all(SERVICES.map((app) => startAppProcess(app, env, 180_000)))));
    apps.push(await startAppProcess('gateway', env, 180_000));
    const url = `http://127.0.0.1:${ports['PORT']}`;
    await waitUntilReady(url, 60_000);
    return { url, admin, database, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
