import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import { createPostgresEventStore, type PostgresEventStore } from '@chronicle/event-store';
import { callService, clientTransport } from '@chronicle/messaging';
import { OrderingCommands } from '@chronicle/ordering-contracts';
import { createTestDatabase, startSmtpTestServer, type SmtpTestServer } from '@chronicle/testing';
import { v7 as uuidv7 } from 'uuid';
import { claimsOf, uniqueEmail } from './support/fixtures';
import type { GatewayClient } from './support/http-client';
import { addItem, createCustomer, eventually, getItem, placeOrder, settledOrder, sleep, type Customer, type Order } from './support/order-fixtures';
import { startProcessSystem, type ProcessSystem } from './support/process-system';

jest.setTimeout(240_000);

const workspaceRoot = resolve(__dirname, '../../..');
let adminToken: string | undefined;
const CLI = join(workspaceRoot, 'tools/cli/bin/chronicle.js');

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `chronicle <args>` as a user runs it (its own process), against the system. */
function chronicle(system: ProcessSystem, args: string[], auth: 'admin' | 'login' | { token: string } = 'admin'): Promise<CliRun> {
  // An admin token for most runs: signing in on every one would meet the login rate limit, as it should.
  const credentials =
    auth === 'login' ? { CHRONICLE_EMAIL: system.admin.email, CHRONICLE_PASSWORD: system.admin.password } : { CHRONICLE_TOKEN: auth === 'admin' ? (adminToken ?? '') : auth.token };
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: workspaceRoot,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], CHRONICLE_URL: system.api.url, ...credentials },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => done({ code, stdout, stderr }));
  });
}

/** The command in both output modes: a table for people (exit 0), and JSON for scripts (returned). */
async function both<T>(system: ProcessSystem, args: string[], tableHas: string): Promise<T> {
  const table = await chronicle(system, args);
  expect({ args, code: table.code, stderr: table.stderr }).toEqual({ args, code: 0, stderr: '' });
  expect(table.stdout).toContain(tableHas);
  const json = await chronicle(system, [...args, '--json']);
  expect({ args, code: json.code, stderr: json.stderr }).toEqual({ args, code: 0, stderr: '' });
  return JSON.parse(json.stdout) as T;
}

describe('operating the system: the admin API and the chronicle command line', () => {
  let system: ProcessSystem;
  let api: GatewayClient;
  let store: PostgresEventStore;
  let smtp: SmtpTestServer;
  let ordering: ClientProxy;
  let admin: string;
  let customer: Customer;
  const stuckOrderId = uuidv7();
  let confirmed: Order;

  beforeAll(async () => {
    const database = await createTestDatabase();
    smtp = await startSmtpTestServer();
    system = await startProcessSystem(database.connectionString, { SMTP_URL: smtp.url, NOTIFICATIONS_MAX_ATTEMPTS: '1', NOTIFICATIONS_RETRY_MAX_MS: '50' });
    api = system.api;
    store = await createPostgresEventStore({ connectionString: database.connectionString, migrate: false });
    ordering = ClientProxyFactory.create(clientTransport({ host: '127.0.0.1', port: Number(system.env['ORDERING_COMMAND_PORT']), queue: 'ordering-command' }));
    admin = await api.login(system.admin.email, system.admin.password);
    adminToken = admin;
    customer = await createCustomer(api, admin);
    await addItem(api, admin, 'lamp', 10);
    const placed = await placeOrder(api, customer.token, [{ sku: 'lamp', quantity: 1 }]);
    confirmed = await settledOrder(api, customer.token, placed.body.orderId);

    // A stuck order: a malformed OrderCancelled naming it is parked by the inventory reactions, and
    // its real OrderPlaced then waits behind it (one order's events stay in order).
    await store.appendToStream(`order-${uuidv7()}`, [{ type: 'OrderCancelled', data: { orderId: stuckOrderId } }]);
    await callService(ordering, OrderingCommands.placeOrder, { commandId: uuidv7(), orderId: stuckOrderId, customerId: customer.id, lines: [{ sku: 'lamp', quantity: 2 }] });
    // A parked e-mail: the mail server refuses this recipient.
    await api.request('POST', '/users', { token: admin, body: { email: `refuse-${uniqueEmail('parked')}`, name: 'Refused', password: 'refused-password' } });
  });
  afterAll(async () => {
    await ordering?.close();
    await store?.close();
    await system?.stop();
    await smtp?.close();
  });

  describe('the admin API', () => {
    it('is for admins only: 401 without a token, 403 for anyone else, every route in the OpenAPI document', async () => {
      const routes = ['/admin/categories', '/admin/subscriptions', '/admin/sagas/stuck', '/admin/notifications', '/admin/head', '/admin/all', '/admin/streams/order-x/events'];
      for (const path of routes) {
        expect({ path, status: (await api.request('GET', path)).status }).toEqual({ path, status: 401 });
        const forbidden = await api.request<{ code: string }>('GET', path, { token: customer.token });
        expect({ path, status: forbidden.status, code: forbidden.body.code }).toEqual({ path, status: 403, code: 'FORBIDDEN' });
      }
      expect((await api.request('POST', '/admin/subscriptions/inventory_reactions/reset', { token: customer.token, body: { to: '0' } })).status).toBe(403);
      const openApi = await api.request<{ paths: Record<string, unknown> }>('GET', '/docs-json');
      expect(Object.keys(openApi.body.paths)).toEqual(
        expect.arrayContaining([
          '/admin/categories',
          '/admin/categories/{category}/streams',
          '/admin/streams/{streamId}/events',
          '/admin/streams/{streamId}/state',
          '/admin/events/{eventId}',
          '/admin/all',
          '/admin/subscriptions',
          '/admin/subscriptions/{name}/dead-letters/{id}/retry',
          '/admin/subscriptions/{name}/rebuild',
          '/admin/subscriptions/{name}/reset',
          '/admin/sagas/stuck',
          '/admin/notifications/{id}/retry',
        ]),
      );
    });

    it('answers bad input with 400 problem+json and unknown names with 404', async () => {
      const bad = await api.request<{ code: string }>('GET', '/admin/all?from=-1', { token: admin });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toContain('application/problem+json');
      expect((await api.request('GET', '/admin/subscriptions/no_such_thing/dead-letters', { token: admin })).status).toBe(404);
      expect((await api.request('POST', '/admin/subscriptions/inventory_reactions/reset', { token: admin, body: { to: 'zero' } })).status).toBe(400);
      expect((await api.request('GET', `/admin/events/${uuidv7()}`, { token: admin })).status).toBe(404);
      expect((await api.request('GET', '/admin/streams/nothing-here/state', { token: admin })).status).toBe(404);
    });
  });

  describe('the command line', () => {
    it('browses streams, events and the state at any revision', async () => {
      const { categories } = await both<{ categories: Array<{ category: string; streams: number }> }>(system, ['streams'], 'warehouse');
      expect(categories.map((c) => c.category)).toEqual(expect.arrayContaining(['order', 'user', 'warehouse']));
      const { streams } = await both<{ streams: Array<{ streamId: string }> }>(system, ['streams', 'order', '--limit', '5'], 'order-');
      expect(streams.length).toBeGreaterThan(0);
      const page = await both<{ events: Array<{ eventId: string; type: string }> }>(system, ['stream', `order-${confirmed.id}`], 'OrderPlaced');
      expect(page.events.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderConfirmed']);
      const event = await both<{ eventId: string; type: string }>(system, ['event', page.events[0]?.eventId ?? ''], 'OrderPlaced');
      expect(event.type).toBe('OrderPlaced');
      const first = await both<{ revision: string; state: { status: string }; previousState: unknown }>(system, ['state', `order-${confirmed.id}`, '--revision', '0'], 'PENDING');
      expect(first).toMatchObject({ revision: '0', state: { status: 'PENDING' }, previousState: null });
      const latest = await both<{ state: { status: string } }>(system, ['state', `order-${confirmed.id}`], 'CONFIRMED');
      expect(latest.state.status).toBe('CONFIRMED');
      const saga = await both<{ events: Array<{ type: string }> }>(system, ['saga', confirmed.id === '' ? 'x' : (await correlationOf(store, confirmed.id)) ?? 'x'], 'StockReserved');
      expect(saga.events.map((e) => e.type)).toEqual(['OrderPlaced', 'StockReserved', 'OrderConfirmed']);
    });

    it('tails the live feed', async () => {
      const tail = chronicle(system, ['tail', '--category', 'warehouse', '--count', '1', '--json']);
      await sleep(1_500);
      await api.request('POST', '/inventory/items/lamp/restock', { token: admin, body: { quantity: 1 } });
      const run = await tail;
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout.trim().split('\n')[0] ?? '{}')).toMatchObject({ type: 'ItemRestocked', streamId: 'warehouse-main' });
      const table = chronicle(system, ['tail', '--count', '1']);
      await sleep(1_500);
      await api.request('POST', '/inventory/items/lamp/restock', { token: admin, body: { quantity: 1 } });
      expect((await table).stdout).toContain('ItemRestocked');
    });

    it('finds the stuck order, shows why it is stuck, and a skip of the bad event lets it through', async () => {
      const { stuck } = await eventually(
        async () => {
          const answer = await both<{ stuck: Array<{ orderId: string; lastEvent: { type: string } | null }> }>(system, ['stuck', '--older-than', '0s'], stuckOrderId);
          return answer.stuck.some((s) => s.orderId === stuckOrderId) ? answer : undefined;
        },
        'the stuck order',
        30_000,
      );
      expect(stuck.find((s) => s.orderId === stuckOrderId)?.lastEvent?.type).toBe('OrderPlaced');
      const { subscriptions } = await both<{ subscriptions: Array<{ name: string; kind: string; dlqDepth: number; service: string }> }>(system, ['projections'], 'inventory_reactions');
      expect(subscriptions.map((s) => s.name)).toEqual(expect.arrayContaining(['identity', 'inventory', 'orders', 'inventory_reactions', 'ordering_reactions', 'notifications']));
      expect(subscriptions.find((s) => s.name === 'inventory_reactions')).toMatchObject({ kind: 'reactor', service: 'inventory-command' });
      // Why: both saga reactors (and the orders read model) parked the malformed OrderCancelled, and hold the order's own events behind it.
      const { deadLetters } = await both<{ deadLetters: Array<{ subscription: string; id: string; status: string; event: { type: string; data: { orderId: string } }; error: string }> }>(system, ['dlq'], 'OrderCancelled');
      const mine = deadLetters.filter((d) => d.event.data.orderId === stuckOrderId);
      const inventory = mine.filter((d) => d.subscription === 'inventory_reactions');
      expect(inventory.map((d) => [d.event.type, d.status])).toEqual([
        ['OrderCancelled', 'failed'],
        ['OrderPlaced', 'held'],
      ]);
      expect(inventory[0]?.error).toContain('by');
      const poison = mine.filter((d) => d.status === 'failed');
      expect(poison.map((d) => d.subscription).sort()).toEqual(['inventory_reactions', 'ordering_reactions', 'orders']);

      // The fix: the malformed event is dropped wherever it was parked; what waited behind it goes on.
      for (const letter of poison) {
        const skipped = await chronicle(system, ['dlq', 'skip', letter.id, '--subscription', letter.subscription, '--json']);
        expect({ subscription: letter.subscription, code: skipped.code }).toEqual({ subscription: letter.subscription, code: 0 });
        expect(JSON.parse(skipped.stdout)).toMatchObject({ stillParked: 0 });
      }
      expect(await settledOrder(api, customer.token, stuckOrderId)).toMatchObject({ status: 'CONFIRMED' });
    });

    it('retries a dead letter once its cause is fixed, and retries all of a subscription', async () => {
      // A reservation answer for an order that does not exist yet: the ordering reactions park it.
      const lateOrderId = uuidv7();
      await store.appendToStream(`warehouse-${uuidv7()}`, [{ type: 'StockReserved', data: { orderId: lateOrderId, lines: [{ sku: 'no-such-sku', quantity: 1 }] } }]);
      const letter = await eventually(async () => {
        const { deadLetters } = JSON.parse((await chronicle(system, ['dlq', 'ordering_reactions', '--json'])).stdout) as { deadLetters: Array<{ id: string; event: { data: { orderId: string } } }> };
        return deadLetters.find((d) => d.event.data.orderId === lateOrderId);
      }, 'the parked StockReserved', 30_000);
      // The cause fixed: the order exists now (its own events wait behind the parked answer); the retry confirms it.
      await callService(ordering, OrderingCommands.placeOrder, { commandId: uuidv7(), orderId: lateOrderId, customerId: customer.id, lines: [{ sku: 'lamp', quantity: 1 }] });
      await eventually(async () => {
        const { deadLetters } = JSON.parse((await chronicle(system, ['dlq', 'ordering_reactions', '--json'])).stdout) as { deadLetters: Array<{ status: string; event: { type: string; data: { orderId: string } } }> };
        return deadLetters.some((d) => d.event.data.orderId === lateOrderId && d.status === 'held' && d.event.type === 'StockReserved') ? true : undefined;
      }, "the order's own reservation waiting behind it", 30_000);
      const table = await chronicle(system, ['dlq', 'retry', letter.id]);
      expect(table).toMatchObject({ code: 0 });
      expect(table.stdout).toMatch(/ordering_reactions: applied \d+, still parked 0/);
      expect(await settledOrder(api, customer.token, lateOrderId)).toMatchObject({ status: 'CONFIRMED' });
      const all = await both<{ retried: number; stillParked: number }>(system, ['dlq', 'retry', '--all', 'ordering_reactions'], 'ordering_reactions: retried');
      expect(all).toMatchObject({ retried: 0, stillParked: 0 });
    });

    it('follows a rebuild to its switch', async () => {
      const before = JSON.parse((await chronicle(system, ['projections', '--json'])).stdout) as { subscriptions: Array<{ name: string; version: number }> };
      const version = before.subscriptions.find((s) => s.name === 'orders')?.version ?? 0;
      const table = await chronicle(system, ['rebuild', 'orders']);
      expect(table.code).toBe(0);
      expect(table.stdout).toContain(`orders: switched to v${version + 1}`);
      const json = await chronicle(system, ['rebuild', 'orders', '--json']);
      const run = JSON.parse(json.stdout) as { phase: string; version: number; processed: number; total: number; progress: unknown[] };
      expect(run).toMatchObject({ phase: 'done', version: version + 2 });
      expect(run.processed).toBe(run.total);
      expect(run.progress.length).toBeGreaterThan(0);
      expect((await api.request<Order>('GET', `/orders/${confirmed.id}`, { token: admin })).body.status).toBe('CONFIRMED');
    });

    it("a reset's dry run says what the confirmed reset then does; resetting a reaction repeats no effect", async () => {
      const warehouseBefore = await countEvents(store, 'warehouse-main');
      const stockBefore = await getItem(api, admin, 'lamp');
      const dry = await both<{ reapplied: number; skipped: number; confirmed: boolean; effects: string[] }>(system, ['reset', 'inventory_reactions', '--to', '0', '--dry-run'], 'Dry run');
      expect(dry).toMatchObject({ confirmed: false, skipped: 0 });
      expect(dry.reapplied).toBeGreaterThan(2);
      expect(dry.effects.join(' ')).toContain('reserve-stock-when-order-placed');
      const done = JSON.parse((await chronicle(system, ['reset', 'inventory_reactions', '--to', '0', '--confirm', '--json'])).stdout) as { reapplied: number; confirmed: boolean };
      expect(done).toMatchObject({ confirmed: true, reapplied: dry.reapplied });
      let seen: unknown;
      await eventually(async () => {
        const { subscriptions } = JSON.parse((await chronicle(system, ['projections', '--json'])).stdout) as { subscriptions: Array<{ name: string; lagEvents: number; state: string }> };
        const reactor = subscriptions.find((s) => s.name === 'inventory_reactions');
        seen = reactor;
        return reactor && reactor.lagEvents === 0 && reactor.state === 'live' ? reactor : undefined;
      }, 'the reactions to catch up again', 30_000).catch((error: Error) => {
        throw new Error(`${error.message}: ${JSON.stringify(seen)}`);
      });
      await sleep(500);
      expect(await countEvents(store, 'warehouse-main')).toBe(warehouseBefore);
      expect(await getItem(api, admin, 'lamp')).toMatchObject({ available: stockBefore.available, reserved: stockBefore.reserved });
    });

    it('lists deliveries and their states, and retries and skips a parked one', async () => {
      const parked = await eventually(async () => {
        const answer = JSON.parse((await chronicle(system, ['notifications', '--parked', '--json'])).stdout) as { deliveries: Array<{ id: string; recipient: string; state: string }> };
        return answer.deliveries.find((d) => d.recipient.startsWith('refuse-') && d.state === 'parked');
      }, 'a parked e-mail', 30_000);
      const listed = await both<{ counts: Array<{ channel: string; state: string; count: number }> }>(system, ['notifications'], 'parked');
      expect(listed.counts.find((c) => c.channel === 'email' && c.state === 'parked')?.count).toBeGreaterThan(0);
      const retried = await chronicle(system, ['notifications', 'retry', parked.id, '--json']);
      expect(JSON.parse(retried.stdout)).toEqual({ id: parked.id, state: 'pending' });
      // Refused again, it parks again; then the operator gives up on it.
      await eventually(async () => {
        const answer = JSON.parse((await chronicle(system, ['notifications', '--parked', '--json'])).stdout) as { deliveries: Array<{ id: string }> };
        return answer.deliveries.some((d) => d.id === parked.id) ? true : undefined;
      }, 'the e-mail parked again', 30_000);
      const skipped = await chronicle(system, ['notifications', 'skip', parked.id]);
      expect(skipped).toMatchObject({ code: 0 });
      expect(skipped.stdout).toContain(`${parked.id}: skipped`);
    });

    it('records every operator action as an event in operations-audit', async () => {
      const { events } = JSON.parse((await chronicle(system, ['stream', 'operations-audit', '--json'])).stdout) as { events: Array<{ type: string; data: { action: string; actor: { userId: string } }; correlationId: string | null }> };
      const actions = events.map((e) => e.data.action);
      expect(actions).toEqual(expect.arrayContaining(['dead-letter.skip', 'dead-letter.retry', 'dead-letters.retry-all', 'subscription.rebuild', 'subscription.reset', 'notification.retry', 'notification.skip']));
      expect(events.every((e) => e.type === 'OperatorActionPerformed' && e.correlationId !== null)).toBe(true);
      expect(events[0]?.data.actor.userId).toBe(String(claimsOf(admin)['sub']));
    });

    it('signs in with an e-mail and a password too', async () => {
      const run = await chronicle(system, ['projections', '--json'], 'login');
      expect(run.code).toBe(0);
      expect((JSON.parse(run.stdout) as { subscriptions: unknown[] }).subscriptions.length).toBeGreaterThan(5);
      const wrong = await chronicle(system, ['projections', '--password', 'wrong-password'], 'login');
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain('401');
    });

    it('a non-admin token gets 403 and exit code 1; bad usage exits 2', async () => {
      const denied = await chronicle(system, ['projections'], { token: customer.token });
      expect(denied.code).toBe(1);
      expect(denied.stderr).toContain('403');
      expect((await chronicle(system, ['reset', 'inventory_reactions', '--to', 'x'])).code).toBe(2);
      expect((await chronicle(system, ['no-such-command'])).code).toBe(2);
      const help = await chronicle(system, ['dlq', '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('retry');
    });
  });
});

async function correlationOf(store: PostgresEventStore, orderId: string): Promise<string | undefined> {
  for await (const event of store.readStream(`order-${orderId}`, { maxCount: 1 })) return event.correlationId;
  return undefined;
}

async function countEvents(store: PostgresEventStore, streamId: string): Promise<number> {
  let n = 0;
  for await (const event of store.readStream(streamId)) if (event) n++;
  return n;
}
