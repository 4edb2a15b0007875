import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteEmbeddedPostgresData, startEmbeddedPostgres, type EmbeddedPostgresServer } from '@chronicle/embedded-postgres';
import { findFreePort, startAppProcess, startSmtpTestServer, type SmtpTestServer } from '@chronicle/testing';
import { uniqueEmail } from './support/fixtures';
import { GatewayClient, type ApiResponse } from './support/http-client';
import { addItem, createCustomer, getItem, sleep, type Customer, type Order } from './support/order-fixtures';

jest.setTimeout(240_000);

/** Every service, each its own process as `npm start` runs them; the gateway last. */
const APPS = ['identity-command', 'identity-query', 'inventory-command', 'inventory-query', 'ordering-command', 'ordering-query', 'notifications', 'gateway'] as const;
const portVariable = (app: string): string => `${app.toUpperCase().replace('-', '_')}_PORT`;
const REQUEST_TIMEOUT_MS = 10_000;
const SKUS = ['lamp', 'desk'] as const;
const STOCK = 30;

interface Outcome {
  kind: 'order' | 'user';
  at: number;
  ms: number;
  status: number;
  code?: string;
  problemJson: boolean;
  body: Record<string, unknown>;
}

/** A request that may not hang: the client gives up after REQUEST_TIMEOUT_MS (status 0). */
async function timed(kind: Outcome['kind'], send: (signal: AbortSignal) => Promise<ApiResponse>): Promise<Outcome> {
  const at = Date.now();
  try {
    const response = await send(AbortSignal.timeout(REQUEST_TIMEOUT_MS));
    const body = (typeof response.body === 'object' && response.body ? response.body : {}) as Record<string, unknown>;
    return { kind, at, ms: Date.now() - at, status: response.status, code: body['code'] as string | undefined, problemJson: (response.headers.get('content-type') ?? '').includes('application/problem+json'), body };
  } catch {
    return { kind, at, ms: Date.now() - at, status: 0, problemJson: false, body: {} };
  }
}

/** The postmaster's pid, from the cluster's postmaster.pid. */
const postmasterPid = (server: EmbeddedPostgresServer): number => Number(readFileSync(join(server.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);

describe('a PostgreSQL restart under load is an outage, not a crash', () => {
  let dataDir: string;
  let database: EmbeddedPostgresServer | undefined;
  let smtp: SmtpTestServer;
  const apps = new Map<string, ChildProcess>();
  const exits: string[] = [];
  let api: GatewayClient;
  let healthUrl: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'chronicle-restart-'));
    database = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pg') });
    smtp = await startSmtpTestServer();
    const ports: Record<string, string> = {};
    for (const app of APPS) ports[app === 'gateway' ? 'PORT' : app === 'notifications' ? 'NOTIFICATIONS_HEALTH_PORT' : portVariable(app)] = String(await findFreePort());
    ports['NOTIFICATIONS_PORT'] = String(await findFreePort());
    const { NATS_URL: _nats, ...inherited } = process.env;
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      ...ports,
      DATABASE_URL: database.connectionString,
      SMTP_URL: smtp.url,
      PASSWORD_HASH_ROUNDS: '4',
      CHRONICLE_ADMIN_EMAIL: 'admin@restart.test',
      CHRONICLE_ADMIN_PASSWORD: 'restart-admin-password',
      THROTTLE_LIMIT: '100000',
      NOTIFICATIONS_RETRY_BASE_MS: '50',
      NOTIFICATIONS_RETRY_MAX_MS: '500',
    };
    const start = async (app: string): Promise<void> => {
      const child = await startAppProcess(app, env, 120_000);
      child.once('exit', (code, signal) => exits.push(`${app} exited (${code ?? signal})`));
      apps.set(app, child);
    };
    await Promise.all(APPS.filter((app) => app !== 'gateway').map(start));
    await start('gateway');
    api = new GatewayClient(`http://127.0.0.1:${ports['PORT']}`);
    healthUrl = `${api.url}/health/ready`;
    for (const deadline = Date.now() + 60_000; (await fetch(healthUrl).then((r) => r.status, () => 0)) !== 200; await sleep(200)) {
      if (Date.now() > deadline) throw new Error('the system never became ready');
    }
  });

  afterAll(async () => {
    for (const child of apps.values()) child.kill('SIGTERM');
    await Promise.all([...apps.values()].map((child) => (child.exitCode === null && child.signalCode === null ? new Promise((r) => child.once('exit', r)) : undefined)));
    await database?.stop();
    await smtp?.close();
    await deleteEmbeddedPostgresData(join(dataDir, 'pg')).catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('SIGKILLed and started again on the same data and port: no process exits, readiness goes red then green, every acknowledged order settles, stock adds up, no e-mail twice', async () => {
    const admin = await api.login('admin@restart.test', 'restart-admin-password');
    for (const sku of SKUS) await addItem(api, admin, sku, STOCK);
    const customers: Customer[] = await Promise.all([0, 1, 2].map(() => createCustomer(api, admin)));
    const createdBefore = 1 + customers.length; // the admin and the customers

    // Readiness, sampled throughout.
    const readiness: Array<{ at: number; status: number }> = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const status = await fetch(healthUrl, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status, () => 0);
        readiness.push({ at: Date.now(), status });
        await sleep(100);
      }
    })();

    // Load: orders and user creations from several clients at once.
    const outcomes: Outcome[] = [];
    const emails: string[] = [];
    let loading = true;
    const clients = [0, 1, 2, 3].map(async (client) => {
      for (let n = 0; loading; n++) {
        if (client === 3) {
          const email = uniqueEmail('restart');
          const outcome = await timed('user', () => api.request('POST', '/users', { token: admin, body: { email, name: 'Restart', password: 'restart-password' } }));
          if (outcome.status === 201) emails.push(email);
          outcomes.push(outcome);
        } else {
          const lines = [{ sku: SKUS[n % SKUS.length], quantity: 1 + (n % 2) }];
          // Clients that retry send an Idempotency-Key: the gateway's own key store is part of the outage too.
          const headers = { 'idempotency-key': `restart-${client}-${n}-${Date.now()}` };
          outcomes.push(await timed('order', () => api.request('POST', '/orders', { token: customers[client].token, body: { lines }, headers })));
        }
        await sleep(20);
      }
    });

    await sleep(3_000);
    const pid = postmasterPid(database as EmbeddedPostgresServer);
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    await sleep(4_000);
    database = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pg'), port: (database as EmbeddedPostgresServer).port });
    const backAt = Date.now();
    await sleep(8_000);
    loading = false;
    await Promise.all(clients);
    sampling = false;
    await sampler;

    const codes = outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [`${o.status}${o.code ? ` ${o.code}` : ''}`]: (acc[`${o.status}${o.code ? ` ${o.code}` : ''}`] ?? 0) + 1 }), {});
    const red = readiness.filter((r) => r.status !== 200);
    console.log(`database restart: ${outcomes.length} requests ${JSON.stringify(codes)}, slowest ${Math.max(...outcomes.map((o) => o.ms))} ms; readiness red from +${(red[0]?.at ?? 0) - killedAt} ms to +${(red[red.length - 1]?.at ?? 0) - killedAt} ms after the kill (database back at +${backAt - killedAt} ms)`);

    // No process exited.
    expect(exits).toEqual([]);

    // Readiness: red within 2 s of the kill, green within 5 s of the database's return.
    const firstRed = readiness.find((r) => r.at >= killedAt && r.status !== 200);
    expect(firstRed).toBeDefined();
    expect((firstRed?.at ?? Infinity) - killedAt).toBeLessThan(2_000);
    const greenAgain = readiness.find((r) => r.at >= backAt && r.status === 200);
    expect(greenAgain).toBeDefined();
    expect((greenAgain?.at ?? Infinity) - backAt).toBeLessThan(5_000);

    // What clients saw: never a 5xx other than 503, never a hanging request, errors as problem+json.
    const failures = outcomes.filter((o) => o.status >= 400 || o.status === 0);
    expect(failures.filter((o) => o.status === 0 || (o.status >= 500 && o.status !== 503))).toEqual([]);
    expect(failures.every((o) => o.problemJson)).toBe(true);
    expect(failures.some((o) => o.code === 'DATABASE_UNAVAILABLE')).toBe(true);
    expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(REQUEST_TIMEOUT_MS);
    const placed = outcomes.filter((o) => o.kind === 'order' && o.status === 202);
    expect(placed.filter((o) => o.at > backAt).length).toBeGreaterThan(0); // work went on after the restart

    // Every acknowledged order settles; the stock adds up with the confirmed ones.
    const settled = new Map<string, Order>();
    for (const deadline = Date.now() + 60_000; settled.size < placed.length; await sleep(250)) {
      if (Date.now() > deadline) throw new Error(`${placed.length - settled.size} of ${placed.length} acknowledged orders never settled`);
      for (const outcome of placed) {
        const orderId = outcome.body['orderId'] as string;
        if (settled.has(orderId)) continue;
        const read = await api.request<Order>('GET', `/orders/${orderId}`, { token: admin });
        if (read.status === 200 && read.body.status !== 'PENDING') settled.set(orderId, read.body);
      }
    }
    // A POST answered 503 may still have placed its order (committed just before the kill, the
    // answer lost): the stock adds up with every order there is, acknowledged or not, once none is
    // pending; and no order exists that no request asked for.
    const everyOrder = async (status?: string): Promise<Order[]> => {
      const orders: Order[] = [];
      let cursor: string | null = null;
      do {
        const query = `/orders?limit=100${status ? `&status=${status}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page: ApiResponse<{ items: Order[]; nextCursor: string | null }> = await api.request('GET', query, { token: admin });
        expect(page.status).toBe(200);
        orders.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      return orders;
    };
    for (const deadline = Date.now() + 60_000; (await everyOrder('PENDING')).length > 0; await sleep(250)) {
      if (Date.now() > deadline) throw new Error('orders still PENDING 60 s after the load');
    }
    const existing = await everyOrder();
    const asked = outcomes.filter((o) => o.kind === 'order' && (o.status === 202 || o.status === 503)).length;
    console.log(`orders: ${placed.length} acknowledged (202), ${existing.length} exist, ${asked} answered 202 or 503`);
    expect(existing.length).toBeGreaterThanOrEqual(placed.length);
    expect(existing.length).toBeLessThanOrEqual(asked);
    for (const sku of SKUS) {
      const confirmed = existing.filter((o) => o.status === 'CONFIRMED').flatMap((o) => o.lines).filter((l) => l.sku === sku);
      const reserved = confirmed.reduce((sum, line) => sum + line.quantity, 0);
      let item = await getItem(api, admin, sku);
      for (const deadline = Date.now() + 20_000; item.reserved !== reserved && Date.now() < deadline; await sleep(200)) item = await getItem(api, admin, sku);
      expect({ sku, available: item.available, reserved: item.reserved }).toEqual({ sku, available: STOCK - reserved, reserved });
    }

    // Every acknowledged user got exactly one welcome e-mail; no message was sent twice.
    const welcomed = createdBefore + emails.length;
    await smtp.waitForCount(welcomed, 60_000);
    await sleep(1_000);
    for (const email of emails) expect(smtp.to(email)).toHaveLength(1);
    expect(new Set(smtp.mails.map((m) => m.messageId)).size).toBe(smtp.mails.length);
  });
});
