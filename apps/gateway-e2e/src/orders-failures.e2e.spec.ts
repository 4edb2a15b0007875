import { randomUUID } from 'node:crypto';
import { createPostgresEventStore } from '@chronicle/event-store';
import { GatewayClient } from './support/http-client';
import {
  addItem,
  createCustomer,
  getItem,
  itemWhen,
  placeOrder,
  sagaOf,
  sagaWhen,
  settledOrder,
  sleep,
  uniqueSku,
  withDatabase,
  type Customer,
} from './support/order-fixtures';
import { SERVICES, startSystem, type RunningSystem, type ServiceName } from './support/start-system';

jest.setTimeout(120_000);

const PENDING_TIMEOUT_MS = 5_000;
const INVENTORY_REACTIONS = 'inventory_reactions';

/** Every schema holding the projections runtime's `table` (each service may keep its own). */
async function runtimeTables(connectionString: string, table: string): Promise<string[]> {
  return withDatabase(connectionString, async (db) => {
    const { rows } = await db.query<{ schema: string }>('SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = $1', [table]);
    return rows.map((row) => `"${row.schema}".${table}`);
  });
}

/** The inventory-reactions checkpoints, by table and partition. */
async function readCheckpoints(connectionString: string, tables: string[]): Promise<Map<string, bigint>> {
  return withDatabase(connectionString, async (db) => {
    const positions = new Map<string, bigint>();
    for (const table of tables) {
      const { rows } = await db.query<{ key: string; position: string }>(
        `SELECT version || '/' || partition AS key, position::text AS position FROM ${table} WHERE projection = $1`,
        [INVENTORY_REACTIONS],
      );
      for (const row of rows) positions.set(`${table}/${row.key}`, BigInt(row.position));
    }
    return positions;
  });
}

describe('gateway: the order saga through crashes, restarts, redelivery and poison', () => {
  let system: RunningSystem;
  let api: GatewayClient;
  let admin: string;
  let customer: Customer;

  beforeAll(async () => {
    system = await startSystem({ env: { ORDER_PENDING_TIMEOUT_MS: String(PENDING_TIMEOUT_MS), ORDER_TIMER_POLL_MS: '200' } });
    api = new GatewayClient(system.url);
    admin = await api.login(system.admin.email, system.admin.password);
    customer = await createCustomer(api, admin);
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('a pending order expires across a restart of every service; inventory, back last, reserves then releases', async () => {
    const sku = uniqueSku('expiry');
    await addItem(api, admin, sku, 5);
    await system.stopService('inventory-command'); // nothing can confirm now
    const placed = await placeOrder(api, customer.token, [{ sku, quantity: 2 }]);
    expect(placed.status).toBe(202);
    const placedAt = Date.now();
    await system.stopService('ordering-command'); // and nothing can expire it while everything is down
    expect((await sagaOf(api, admin, placed.body.correlationId)).map((e) => e.type)).toEqual(['OrderPlaced']);
    expect(await settledOrder(api, customer.token, placed.body.orderId, () => true)).toMatchObject({ status: 'PENDING' });

    const others = SERVICES.filter((name): name is Exclude<ServiceName, 'inventory-command' | 'ordering-command'> => name !== 'inventory-command' && name !== 'ordering-command');
    for (const name of others) await system.stopService(name);
    await sleep(Math.max(0, placedAt + PENDING_TIMEOUT_MS + 500 - Date.now()));

    for (const name of SERVICES) if (name !== 'inventory-command') await system.startService(name);
    expect(await settledOrder(api, customer.token, placed.body.orderId)).toMatchObject({ status: 'EXPIRED' });
    expect((await sagaOf(api, admin, placed.body.correlationId)).map((e) => e.type)).toEqual(['OrderPlaced', 'OrderExpired']);

    await system.startService('inventory-command');
    const saga = await sagaWhen(api, admin, placed.body.correlationId, (types) => types.includes('StockReleased'));
    expect(saga.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderExpired', 'StockReserved', 'StockReleased']);
    expect(await itemWhen(api, admin, sku, (item) => item.reserved === 0 && item.available === 5)).toMatchObject({ available: 5, reserved: 0 });
    expect(await settledOrder(api, customer.token, placed.body.orderId)).toMatchObject({ status: 'EXPIRED' });
    await system.waitUntilReady();
  });

  it('OrderPlaced delivered again (inventory-reactions checkpoint reset, inventory-command restarted) reserves once', async () => {
    const sku = uniqueSku('redeliver');
    await addItem(api, admin, sku, 3);
    const placed = await placeOrder(api, customer.token, [{ sku, quantity: 2 }]);
    expect(await settledOrder(api, customer.token, placed.body.orderId)).toMatchObject({ status: 'CONFIRMED' });
    const before = await itemWhen(api, admin, sku, (item) => item.reserved === 2);

    await system.stopService('inventory-command');
    const checkpoints = await runtimeTables(system.database.connectionString, 'projection_checkpoints');
    const reached = await readCheckpoints(system.database.connectionString, checkpoints);
    expect(reached.size).toBeGreaterThan(0);
    await withDatabase(system.database.connectionString, async (db) => {
      for (const table of checkpoints) await db.query(`UPDATE ${table} SET position = 0 WHERE projection = $1`, [INVENTORY_REACTIONS]);
    });
    expect([...(await readCheckpoints(system.database.connectionString, checkpoints)).values()].every((position) => position === 0n)).toBe(true);
    await system.startService('inventory-command');

    // The replay is over once every partition is back where it was.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const now = await readCheckpoints(system.database.connectionString, checkpoints);
      if ([...reached].every(([key, position]) => (now.get(key) ?? 0n) >= position)) break;
      if (Date.now() > deadline) throw new Error('inventory-reactions did not replay');
      await sleep(200);
    }
    const saga = await sagaOf(api, admin, placed.body.correlationId);
    expect(saga.filter((e) => e.type === 'StockReserved')).toHaveLength(1);
    expect(await getItem(api, admin, sku)).toMatchObject({ available: before.available, reserved: 2, revision: before.revision });
  });

  it('a poison OrderPlaced is parked in the dead letters; later orders are still confirmed and the system stays ready', async () => {
    const store = await createPostgresEventStore({ connectionString: system.database.connectionString });
    const poisonOrder = randomUUID();
    const eventId = randomUUID();
    try {
      await store.appendToStream(`order-${poisonOrder}`, [
        { id: eventId, type: 'OrderPlaced', data: { orderId: poisonOrder, customerId: 'not-a-customer', lines: [] }, metadata: { correlationId: `poison-${poisonOrder}` } },
      ]);
    } finally {
      await store.close();
    }

    const sku = uniqueSku('after-poison');
    await addItem(api, admin, sku, 2);
    const placed = await placeOrder(api, customer.token, [{ sku, quantity: 1 }]);
    expect(await settledOrder(api, customer.token, placed.body.orderId)).toMatchObject({ status: 'CONFIRMED' });

    const deadLetters = await runtimeTables(system.database.connectionString, 'projection_dead_letters');
    const parked = await withDatabase(system.database.connectionString, async (db) => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const projections: string[] = [];
        for (const table of deadLetters) {
          const { rows } = await db.query<{ projection: string }>(`SELECT projection FROM ${table} WHERE event_id = $1`, [eventId]);
          projections.push(...rows.map((row) => row.projection));
        }
        if (projections.includes(INVENTORY_REACTIONS) || Date.now() > deadline) return projections;
        await sleep(250);
      }
    });
    expect(parked).toContain(INVENTORY_REACTIONS);

    const another = await placeOrder(api, customer.token, [{ sku, quantity: 1 }]);
    expect(await settledOrder(api, customer.token, another.body.orderId)).toMatchObject({ status: 'CONFIRMED' });
    expect(await itemWhen(api, admin, sku, (item) => item.reserved === 2)).toMatchObject({ available: 0, reserved: 2 });
    expect((await api.request('GET', '/health/ready')).status).toBe(200);
  });

  it('a stopped query service is a 503 (problem+json) and readiness names it; back up, everything answers again', async () => {
    await system.stopService('ordering-query');
    const down = await api.request('GET', `/orders?limit=1`, { token: customer.token });
    expect(down).toMatchObject({ status: 503, body: { code: 'SERVICE_UNAVAILABLE' } });
    const ready = await api.request<{ health: { error: Record<string, unknown> } }>('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(Object.keys(ready.body.health.error)).toContain('ordering-query');
    await system.startService('ordering-query');
    await system.waitUntilReady();
    expect((await api.request('GET', `/orders?limit=1`, { token: customer.token })).status).toBe(200);
  });
});
