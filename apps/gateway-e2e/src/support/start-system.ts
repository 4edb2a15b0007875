import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { ServiceApp } from '@chronicle/messaging';
import { findFreePort } from '@chronicle/embedded-postgres';
import { contextServices, opsPortVariable, portVariable, readSystemApps } from '@chronicle/plugin';
import { createTestDatabase, type TestDatabase } from '@chronicle/testing';

const workspaceRoot = resolve(__dirname, '../../../..');

/**
 * Nx forbids importing an app from another project, and rightly so for code; an e2e suite boots
 * the apps as a process would, by their entry modules' paths.
 */
async function loadFactory<T>(path: string, name: string): Promise<() => Promise<T>> {
  const module = (await import(join(workspaceRoot, path))) as Record<string, () => Promise<T>>;
  return module[name];
}

const CONTEXT_SERVICES = contextServices(readSystemApps(workspaceRoot));
/** The services behind the gateway (every context's command and query side), in start order. */
export const SERVICES: readonly string[] = CONTEXT_SERVICES.map((app) => app.name);
export type ServiceName = string;

const pascal = (name: string): string => name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());

function createService(name: ServiceName): Promise<ServiceApp> {
  return loadFactory<ServiceApp>(`apps/${name}/src/app/create-${name}-app`, `create${pascal(name)}App`).then((create) => create());
}

export interface RunningSystem {
  /** The gateway's base URL, e.g. http://127.0.0.1:54321 */
  url: string;
  database: TestDatabase;
  admin: { email: string; password: string };
  /** Another gateway on the same database and services: a replica, or the same gateway restarted. */
  startGatewayReplica(): Promise<{ url: string; stop(): Promise<void> }>;
  /** Stops one service (as a crash or a deploy would); the others keep running. */
  stopService(name: ServiceName): Promise<void>;
  /** Starts a stopped service again, on its port, with the system's environment. */
  startService(name: ServiceName): Promise<void>;
  /** Waits until GET /health/ready answers 200. */
  waitUntilReady(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

async function startGateway(port: number): Promise<INestApplication> {
  const gateway = await (await loadFactory<INestApplication>('apps/gateway/src/app/create-gateway-app', 'createGatewayApp'))();
  await gateway.listen(port, '127.0.0.1');
  return gateway;
}

async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await fetch(`${url}/health/ready`).then((r) => r.status, () => 0);
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`the gateway at ${url} did not become ready (last status ${status})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface StartOptions {
  /** Extra environment for the apps (e.g. lower limits, ORDER_PENDING_TIMEOUT_MS). */
  env?: Record<string, string>;
  /** Which services to start besides the gateway (all six by default); a missing one is just a port nobody listens on. */
  services?: ServiceName[];
  waitUntilReady?: boolean;
}

/** The services and the gateway in this process, on free ports, against a fresh database. */
export async function startSystem(options: StartOptions = {}): Promise<RunningSystem> {
  const { env: overrides = {}, services = [...SERVICES], waitUntilReady: wait = true } = options;
  const database = await createTestDatabase();
  const ports: Record<string, string> = {};
  for (const { metadata } of CONTEXT_SERVICES) {
    ports[portVariable(metadata.envPrefix)] = String(await findFreePort());
    ports[opsPortVariable(metadata.envPrefix)] = '0';
  }
  const gatewayPort = await findFreePort();
  const url = `http://127.0.0.1:${gatewayPort}`;
  const admin = { email: 'admin@e2e.test', password: 'e2e-admin-password' };
  const saved = { ...process.env };
  delete process.env['NATS_URL'];
  Object.assign(process.env, {
    DATABASE_URL: database.connectionString,
    ...ports,
    PORT: String(gatewayPort),
    PASSWORD_HASH_ROUNDS: '4',
    CHRONICLE_ADMIN_EMAIL: admin.email,
    CHRONICLE_ADMIN_PASSWORD: admin.password,
    THROTTLE_LIMIT: '100000',
    LOG_LEVEL: 'warn',
    ...overrides,
  });
  const running = new Map<ServiceName, ServiceApp>();
  let gateway: INestApplication | undefined;
  const startService = async (name: ServiceName): Promise<void> => {
    if (running.has(name)) throw new Error(`${name} is already running`);
    const app = await createService(name);
    try {
      await app.listen();
    } catch (error) {
      await app.close().catch(() => undefined);
      throw error;
    }
    running.set(name, app);
  };
  const stopService = async (name: ServiceName): Promise<void> => {
    const app = running.get(name);
    if (!app) throw new Error(`${name} is not running`);
    running.delete(name);
    await app.close();
  };
  const stopAll = async (): Promise<void> => {
    await gateway?.close().catch(() => undefined);
    for (const name of [...SERVICES].reverse()) if (running.has(name)) await stopService(name).catch(() => undefined);
  };
  try {
    for (const name of SERVICES) if (services.includes(name)) await startService(name);
    gateway = await startGateway(gatewayPort);
    if (wait) await waitUntilReady(url, 30_000);
  } catch (error) {
    await stopAll();
    process.env = saved;
    throw error;
  }
  return {
    url,
    database,
    admin,
    async startGatewayReplica() {
      const port = await findFreePort();
      const replica = await startGateway(port);
      const replicaUrl = `http://127.0.0.1:${port}`;
      await waitUntilReady(replicaUrl, 30_000);
      return { url: replicaUrl, stop: () => replica.close() };
    },
    stopService,
    startService,
    waitUntilReady: (timeoutMs = 30_000) => waitUntilReady(url, timeoutMs),
    async stop() {
      await stopAll();
      process.env = saved;
    },
  };
}
