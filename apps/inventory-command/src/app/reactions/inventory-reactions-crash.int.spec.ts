import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { ClientProxyFactory } from '@nestjs/microservices';
import { findFreePort } from '@chronicle/embedded-postgres';
import { createPostgresEventStore, type PostgresEventStore, type RecordedEvent } from '@chronicle/event-store';
import { InventoryCommands, type InventoryEvent } from '@chronicle/inventory-contracts';
import { evolveWarehouse, initialWarehouseState } from '@chronicle/inventory-domain';
import { callService, clientTransport } from '@chronicle/messaging';
import { createTestDatabase, startAppProcess } from '@chronicle/testing';
import { v7 as uuidv7 } from 'uuid';

/**
 * The inventory side of the saga survives being SIGKILLed mid-batch: its reactions append to the
 * warehouse stream inside a batch whose checkpoint (and reservation bookkeeping) may then roll
 * back, so every kill leaves work that is delivered again after the restart. The deterministic
 * command ids must make that redelivery change nothing.
 */
describe('inventory reactions, SIGKILLed repeatedly while orders flow', () => {
  const saved = { ...process.env };
  let store: PostgresEventStore;
  let env: NodeJS.ProcessEnv;
  let port: number;
  let inventory: ChildProcess | undefined;

  beforeAll(async () => {
    const db = await createTestDatabase();
    port = await findFreePort();
    env = { ...process.env, DATABASE_URL: db.connectionString, INVENTORY_COMMAND_PORT: String(port), INVENTORY_COMMAND_OPS_PORT: '0' };
    delete env['NATS_URL'];
    store = await createPostgresEventStore({ connectionString: db.connectionString });
    inventory = await startAppProcess('inventory-command', env);
  });
  afterAll(async () => {
    inventory?.kill('SIGKILL');
    await store?.close();
    process.env = saved;
  });

  const customerId = uuidv7();
  async function kill(): Promise<void> {
    const child = inventory;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
  const restart = async () => {
    inventory = await startAppProcess('inventory-command', env);
  };
  /** Appends an ordering event as the ordering service would. */
  const appendOrderEvent = (orderId: string, type: string, data: object) =>
    store.appendToStream(`order-${orderId}`, [{ id: uuidv7(), type, data: data as never, metadata: { correlationId: orderId } }]);

  async function warehouseEvents(): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    for await (const e of store.readStream('warehouse-main')) out.push(e);
    return out;
  }
  const byOrder = (events: RecordedEvent[], type: string) => {
    const counts = new Map<string, number>();
    for (const e of events) if (e.type === type) counts.set((e.data as { orderId: string }).orderId, (counts.get((e.data as { orderId: string }).orderId) ?? 0) + 1);
    return counts;
  };
  async function until(done: (events: RecordedEvent[]) => boolean, what: string): Promise<RecordedEvent[]> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const events = await warehouseEvents();
      if (done(events)) return events;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(100);
    }
  }
  /** Resolves as soon as the warehouse stream shows, after `from`, an event for one of `orderIds` (polling every few ms). */
  async function firstDecidedOf(orderIds: string[], from: bigint): Promise<void> {
    const wanted = new Set(orderIds);
    const deadline = Date.now() + 20_000;
    for (;;) {
      for await (const e of store.readStream('warehouse-main', { fromRevision: from })) {
        from = e.revision + 1n;
        if (wanted.has((e.data as { orderId?: string }).orderId ?? '')) return;
      }
      if (Date.now() > deadline) throw new Error('no order of the wave was decided');
      await sleep(2);
    }
  }
  const nextRevision = async () => ((await store.streamRevision('warehouse-main')) ?? -1n) + 1n;
  const stockOf = (events: RecordedEvent[], sku: string) =>
    events.reduce((state, e) => evolveWarehouse(state, { type: e.type, data: e.data } as InventoryEvent), initialWarehouseState()).items[sku];

  it('every order is decided exactly once and stock adds up; every cancel releases exactly once', async () => {
    const sku = `CRASH-${uuidv7().slice(-8)}`;
    const client = ClientProxyFactory.create(clientTransport({ host: '127.0.0.1', port, queue: '' }));
    await callService(client, InventoryCommands.addItem, { commandId: uuidv7(), sku, name: 'Scarce', quantity: 60 }, 10_000);
    await client.close();

    // 100 orders for 1 unit each in 5 waves; the service is SIGKILLed while each wave is being reserved.
    const orders: string[] = [];
    for (let wave = 0; wave < 5; wave++) {
      const ids = Array.from({ length: 20 }, () => uuidv7());
      const head = await nextRevision();
      orders.push(...ids);
      await Promise.all(ids.map((orderId) => appendOrderEvent(orderId, 'OrderPlaced', { orderId, customerId, lines: [{ sku, quantity: 1 }] })));
      // Kill as soon as the first of the wave is decided: its batch is then still open.
      await firstDecidedOf(ids, head);
      await kill();
      await restart();
    }
    let events = await until((all) => orders.every((id) => byOrder(all, 'StockReserved').has(id) || byOrder(all, 'StockReservationRejected').has(id)), 'every order decided');
    const reserved = byOrder(events, 'StockReserved');
    const rejected = byOrder(events, 'StockReservationRejected');
    expect([...reserved.values(), ...rejected.values()].every((n) => n === 1)).toBe(true);
    expect(orders.filter((id) => reserved.has(id) && rejected.has(id))).toEqual([]);
    expect(reserved.size).toBe(60);
    expect(rejected.size).toBe(40);
    expect(stockOf(events, sku)).toEqual({ name: 'Scarce', available: 0, reserved: 60 });

    // Cancel 10 reserved and 5 rejected orders, killing the service while the releases run.
    const cancelled = [...reserved.keys()].slice(0, 10);
    const cancelledRejected = [...rejected.keys()].slice(0, 5);
    const head = await nextRevision();
    await Promise.all(
      [...cancelled, ...cancelledRejected].map((orderId) => appendOrderEvent(orderId, 'OrderCancelled', { orderId, by: 'customer' })),
    );
    await firstDecidedOf(cancelled, head);
    await kill();
    await restart();
    events = await until((all) => byOrder(all, 'StockReleased').size >= cancelled.length, 'the releases');
    await sleep(500); // a double release would show up now
    events = await warehouseEvents();
    const released = byOrder(events, 'StockReleased');
    expect([...released.keys()].sort()).toEqual([...cancelled].sort());
    expect([...released.values()].every((n) => n === 1)).toBe(true);
    expect(stockOf(events, sku)).toEqual({ name: 'Scarce', available: 10, reserved: 50 });
  });
});
