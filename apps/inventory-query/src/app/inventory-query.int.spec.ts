import type { ServiceApp } from '@chronicle/messaging';
import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import { findFreePort } from '@chronicle/embedded-postgres';
import { createPostgresEventStore, type PostgresEventStore, type RecordedEvent } from '@chronicle/event-store';
import { InventoryCommands, InventoryQueries, type InventoryCommandReply, type ItemPage, type ItemView } from '@chronicle/inventory-contracts';
import { callService, clientTransport } from '@chronicle/messaging';
import { createTestDatabase, startAppProcess } from '@chronicle/testing';
import { v7 as uuidv7 } from 'uuid';
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { createInventoryQueryApp } from './create-inventory-query-app';



describe('inventory-query over tcp', () => {
  let app: ServiceApp;
  let commandService: ChildProcess | undefined;
  let commands: ClientProxy;
  let queries: ClientProxy;
  let store: PostgresEventStore;
  const saved = { ...process.env };

  beforeAll(async () => {
    const db = await createTestDatabase();
    delete process.env['NATS_URL'];
    const commandPort = await findFreePort();
    const queryPort = await findFreePort();
    Object.assign(process.env, {
      DATABASE_URL: db.connectionString,
      INVENTORY_COMMAND_PORT: String(commandPort), INVENTORY_COMMAND_OPS_PORT: '0',
      INVENTORY_QUERY_PORT: String(queryPort), INVENTORY_QUERY_OPS_PORT: '0',
      READ_YOUR_WRITES_TIMEOUT_MS: '3000',
    });
    commandService = await startAppProcess('inventory-command', process.env);
    app = await createInventoryQueryApp();
    await app.listen();
    commands = ClientProxyFactory.create(clientTransport({ host: '127.0.0.1', port: commandPort, queue: '' }));
    queries = ClientProxyFactory.create(clientTransport({ host: '127.0.0.1', port: queryPort, queue: '' }));
    store = await createPostgresEventStore({ connectionString: db.connectionString });
  });
  afterAll(async () => {
    await commands?.close();
    await queries?.close();
    await app?.close();
    await store?.close();
    commandService?.kill('SIGTERM');
    process.env = saved;
  });

  const command = (pattern: string, payload: object) => callService<InventoryCommandReply>(commands, pattern, { commandId: uuidv7(), ...payload }, 10_000);
  const query = <T>(pattern: string, payload: object) => callService<T>(queries, pattern, payload, 10_000);
  const sku = (prefix = 'SKU') => `${prefix}-${uuidv7().slice(-12)}`;

  /** The first warehouse event on an order of one of `types`, once inventory-command's reaction wrote it. */
  async function reactionTo(orderId: string, ...types: string[]): Promise<RecordedEvent> {
    for (let attempt = 0; attempt < 200; attempt++) {
      for await (const e of store.readStream('warehouse-main')) {
        if ((e.data as { orderId?: string }).orderId === orderId && types.includes(e.type)) return e;
      }
      await sleep(50);
    }
    throw new Error(`no ${types.join('/')} for order ${orderId}`);
  }

  it('reads its own writes: an item right after adding and restocking it, via minPosition', async () => {
    const item = sku();
    await command(InventoryCommands.addItem, { sku: item, name: 'Desk lamp', quantity: 3 });
    const restocked = await command(InventoryCommands.restock, { sku: item, quantity: 5 });
    const view = await query<ItemView>(InventoryQueries.getItem, { sku: item, minPosition: restocked.position });
    expect(view).toEqual({ sku: item, name: 'Desk lamp', available: 8, reserved: 0, revision: '1', updatedAt: expect.any(String) });
  });

  it('shows stock reserved and released by the order saga, counting each change in the item revision', async () => {
    const item = sku();
    const other = sku();
    await command(InventoryCommands.addItem, { sku: item, name: 'Sofa', quantity: 4 });
    await command(InventoryCommands.addItem, { sku: other, name: 'Rug', quantity: 1 });
    const orderId = uuidv7();
    const lines = [{ sku: item, quantity: 3 }, { sku: other, quantity: 1 }];
    await store.appendToStream(`order-${orderId}`, [{ type: 'OrderPlaced', data: { orderId, customerId: uuidv7(), lines }, metadata: { correlationId: uuidv7() } }]);
    const reserved = await reactionTo(orderId, 'StockReserved', 'StockReservationRejected');
    expect(reserved.type).toBe('StockReserved');
    expect(await query<ItemView>(InventoryQueries.getItem, { sku: item, minPosition: reserved.position.toString() })).toMatchObject({
      available: 1,
      reserved: 3,
      revision: '1',
    });
    expect(await query<ItemView>(InventoryQueries.getItem, { sku: other })).toMatchObject({ available: 0, reserved: 1, revision: '1' });

    await store.appendToStream(`order-${orderId}`, [{ type: 'OrderCancelled', data: { orderId, by: 'customer' } }]);
    const released = await reactionTo(orderId, 'StockReleased');
    expect(await query<ItemView>(InventoryQueries.getItem, { sku: item, minPosition: released.position.toString() })).toMatchObject({
      available: 4,
      reserved: 0,
      revision: '2',
    });
    // A rejected reservation changes no item.
    const rejectedOrder = uuidv7();
    await store.appendToStream(`order-${rejectedOrder}`, [
      { type: 'OrderPlaced', data: { orderId: rejectedOrder, customerId: uuidv7(), lines: [{ sku: other, quantity: 5 }] } },
    ]);
    const rejected = await reactionTo(rejectedOrder, 'StockReserved', 'StockReservationRejected');
    expect(rejected.type).toBe('StockReservationRejected');
    const view = await query<ItemView>(InventoryQueries.getItem, { sku: other, minPosition: rejected.position.toString() });
    expect(view).toMatchObject({ available: 1, reserved: 0, revision: '2' });
  });

  it('answers ITEM_NOT_FOUND for an unknown SKU and VALIDATION_FAILED for a malformed query', async () => {
    await expect(query(InventoryQueries.getItem, { sku: 'NO-SUCH-ITEM' })).rejects.toMatchObject({ code: 'ITEM_NOT_FOUND', details: { sku: 'NO-SUCH-ITEM' } });
    await expect(query(InventoryQueries.getItem, { sku: '../etc' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(query(InventoryQueries.getItem, { sku: 'OK', minPosition: '-1' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(query(InventoryQueries.listItems, { limit: 1000 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(query(InventoryQueries.listItems, { cursor: 'garbage' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('lists items in sku order with a keyset cursor: every item once, no page overlaps', async () => {
    const tag = uuidv7().slice(-8);
    let last: InventoryCommandReply | undefined;
    const mine = ['e', 'a', 'd', 'b', 'c'].map((letter) => `LIST-${tag}-${letter}`);
    for (const item of mine) last = await command(InventoryCommands.addItem, { sku: item, name: item, quantity: 1 });
    const seen: string[] = [];
    let page = await query<ItemPage>(InventoryQueries.listItems, { limit: 2, minPosition: last!.position });
    for (let pages = 1; ; pages++) {
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.sku));
      if (!page.nextCursor) break;
      expect(pages).toBeLessThan(100);
      page = await query<ItemPage>(InventoryQueries.listItems, { limit: '2', cursor: page.nextCursor });
    }
    expect(seen).toEqual([...new Set(seen)].sort());
    expect(seen.filter((s) => s.startsWith(`LIST-${tag}`))).toEqual([...mine].sort());
    const all = await query<ItemPage>(InventoryQueries.listItems, { limit: 100 });
    expect(all.items.map((i) => i.sku)).toEqual(seen);
  });

  it('answers PROJECTION_LAGGING when the read model cannot reach minPosition in time', async () => {
    const error = await query(InventoryQueries.getItem, { sku: 'ANY', minPosition: '9000000000000000000' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PROJECTION_LAGGING', details: { minPosition: '9000000000000000000', timeoutMs: 3000 } });
  });

  it('reports projection health', async () => {
    const health = await query<{ status: string; details: Record<string, { status: string; partitions: { projection: string }[] }> }>(
      InventoryQueries.health,
      {},
    );
    expect(health.status).toBe('ok');
    expect(health.details['projections']).toMatchObject({ status: 'up', partitions: [{ projection: 'inventory' }] });
  });
});
