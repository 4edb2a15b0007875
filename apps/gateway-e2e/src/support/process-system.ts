import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { opsPortVariable, portVariable, readSystemApps } from '@chronicle/plugin';
import { findFreePort, startAppProcess } from '@chronicle/testing';
import { GatewayClient } from './http-client';

/** What `npm start` runs without NATS (every service; no relay), each its own process; the gateway last. */
const SYSTEM_APPS = readSystemApps(resolve(__dirname, '../../../..')).filter((app) => app.enabled({}));
export const PROCESS_APPS: readonly string[] = SYSTEM_APPS.map((app) => app.name);
export type ProcessApp = string;

export interface ProcessSystem {
  api: GatewayClient;
  /** The environment every app got (ports, database, admin login). */
  env: NodeJS.ProcessEnv;
  admin: { email: string; password: string };
  apps: Map<ProcessApp, ChildProcess>;
  /** `app exited (code)` for every app that ended while the system ran. */
  exits: string[];
  /** The ops base URL of an app (its /health, /metrics). */
  opsUrl(app: ProcessApp): string;
  stop(): Promise<void>;
}

/**
 * Starts every app as its own process (the services at once, then the gateway) on free ports
 * against `databaseUrl`, and waits until the gateway is ready.
 */
export async function startProcessSystem(databaseUrl: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<ProcessSystem> {
  const admin = { email: 'admin@process.test', password: 'process-admin-password' };
  const { NATS_URL: _nats, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    DATABASE_URL: databaseUrl,
    PASSWORD_HASH_ROUNDS: '4',
    CHRONICLE_ADMIN_EMAIL: admin.email,
    CHRONICLE_ADMIN_PASSWORD: admin.password,
    THROTTLE_LIMIT: '100000',
    ...extraEnv,
  };
  const ops = new Map<ProcessApp, string>();
  for (const { name, metadata } of SYSTEM_APPS) {
    const port = String(await findFreePort());
    if (metadata.rpcPort !== undefined) env[portVariable(metadata.envPrefix)] = String(await findFreePort());
    env[opsPortVariable(metadata.envPrefix)] = port;
    ops.set(name, `http://127.0.0.1:${port}`);
  }
  const apps = new Map<ProcessApp, ChildProcess>();
  const exits: string[] = [];
  const stop = async (): Promise<void> => {
    for (const child of apps.values()) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.all([...apps.values()].map((child) => (child.exitCode === null && child.signalCode === null ? new Promise((r) => child.once('exit', r)) : undefined)));
  };
  const start = async (app: ProcessApp): Promise<void> => {
    const child = await startAppProcess(app, env, 120_000);
    child.once('exit', (code, signal) => exits.push(`${app} exited (${code ?? signal})`));
    apps.set(app, child);
  };
  try {
    await Promise.all(SYSTEM_APPS.filter((app) => app.role !== 'gateway').map((app) => start(app.name)));
    for (const app of SYSTEM_APPS.filter((app) => app.role === 'gateway')) await start(app.name);
    const api = new GatewayClient(ops.get('gateway') as string);
    for (const deadline = Date.now() + 60_000; (await fetch(`${api.url}/health/ready`).then((r) => r.status, () => 0)) !== 200; await new Promise((r) => setTimeout(r, 200))) {
      if (Date.now() > deadline) throw new Error('the system never became ready');
    }
    return { api, env, admin, apps, exits, opsUrl: (app) => ops.get(app) as string, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
