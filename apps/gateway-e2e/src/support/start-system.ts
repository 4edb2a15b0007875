import { join, resolve } from 'node:path';
import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { findFreePort } from '@chronicle/embedded-postgres';
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

export interface RunningSystem {
  /** The gateway's base URL, e.g. http://127.0.0.1:54321 */
  url: string;
  database: TestDatabase;
  admin: { email: string; password: string };
  /** Another gateway on the same database and services: a replica, or the same gateway restarted. */
  startGatewayReplica(): Promise<{ url: string; stop(): Promise<void> }>;
  stop(): Promise<void>;
}

async function startGateway(port: number): Promise<INestApplication> {
  const gateway = await (await loadFactory<INestApplication>('apps/gateway/src/app/create-gateway-app', 'createGatewayApp'))();
  await gateway.listen(port, '127.0.0.1');
  return gateway;
}

/** identity-command, identity-query and the gateway in this process, on free ports, against a fresh database. */
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
  /** Extra environment for the apps (e.g. lower limits). */
  env?: Record<string, string>;
  /** Which apps to start besides the gateway (both by default); a missing one is just a port nobody listens on. */
  services?: Array<'identity-command' | 'identity-query'>;
  waitUntilReady?: boolean;
}

export async function startSystem(options: StartOptions = {}): Promise<RunningSystem> {
  const { env: overrides = {}, services = ['identity-command', 'identity-query'], waitUntilReady: wait = true } = options;
  const database = await createTestDatabase();
  const [commandPort, queryPort, gatewayPort] = [await findFreePort(), await findFreePort(), await findFreePort()];
  const admin = { email: 'admin@e2e.test', password: 'e2e-admin-password' };
  const saved = { ...process.env };
  delete process.env['NATS_URL'];
  Object.assign(process.env, {
    DATABASE_URL: database.connectionString,
    IDENTITY_COMMAND_PORT: String(commandPort),
    IDENTITY_QUERY_PORT: String(queryPort),
    PORT: String(gatewayPort),
    PASSWORD_HASH_ROUNDS: '4',
    CHRONICLE_ADMIN_EMAIL: admin.email,
    CHRONICLE_ADMIN_PASSWORD: admin.password,
    THROTTLE_LIMIT: '100000',
    LOG_LEVEL: 'warn',
    ...overrides,
  });
  const started: Array<{ close(): Promise<void> }> = [];
  try {
    if (services.includes('identity-command')) {
      const command = await (await loadFactory<INestMicroservice>('apps/identity-command/src/app/create-identity-command-app', 'createIdentityCommandApp'))();
      started.push(command);
      await command.listen();
    }
    if (services.includes('identity-query')) {
      const query = await (await loadFactory<INestMicroservice>('apps/identity-query/src/app/create-identity-query-app', 'createIdentityQueryApp'))();
      started.push(query);
      await query.listen();
    }
    started.push(await startGateway(gatewayPort));
    if (wait) await waitUntilReady(`http://127.0.0.1:${gatewayPort}`, 30_000);
  } catch (error) {
    for (const app of started.reverse()) await app.close().catch(() => undefined);
    process.env = saved;
    throw error;
  }
  return {
    url: `http://127.0.0.1:${gatewayPort}`,
    database,
    admin,
    async startGatewayReplica() {
      const port = await findFreePort();
      const replica = await startGateway(port);
      const url = `http://127.0.0.1:${port}`;
      await waitUntilReady(url, 30_000);
      return { url, stop: () => replica.close() };
    },
    async stop() {
      for (const app of started.reverse()) await app.close();
      process.env = saved;
    },
  };
}
