import type { ServiceApp } from '@chronicle/messaging';
import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import { findFreePort } from '@chronicle/embedded-postgres';
import { createPostgresEventStore, type PostgresEventStore, type RecordedEvent } from '@chronicle/event-store';
import { InventoryCommands, type InventoryCommandReply, type InventoryEvent } from '@chronicle/inventory-contracts';
import { evolveWarehouse, initialWarehouseState } from '@chronicle/inventory-domain';
import { callService, clientTransport } from '@chronicle/messaging';
import type { OrderLine } from '@chronicle/ordering-contracts';
import { Projections, ProjectionsHealthIndicator } from '@chronicle/projections';
import { createTestDatabase } from '@chronicle/testing';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { createInventoryCommandApp } from '../create-inventory-command-app';
import { INVENTORY_REACTIONS } from './inventory.reactor';
import { ReserveStockWhenOrderPlacedHandler } from './reserve-stock-when-order-placed.handler';

describe('inventory reactions to ordering events (the order saga, inventory side)', () => {
  let app: ServiceApp;
  let client: ClientProxy;
  let store: PostgresEventStore;
  let projections: Projections;
  let databaseUrl: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    const db = await createTestDatabase();
    databaseUrl = db.connectionString;
    const port = await findFreePort();
    Object.assign(process.env, { DATABASE_URL: db.connectionString, INVENTORY_COMMAND_PORT: String(port), INVENTORY_COMMAND_OPS_PORT: '0' });
    delete process.env['NATS_URL'];
    app = await createInventoryCommandApp();
    await app.listen();
    projections = app.get(Projections);
    client = ClientProxyFactory.create(clientTransport({ host: '127.0.0.1', port, queue: '' }));
    store = await createPostgresEventStore({ connectionString: db.connectionString });
  });
  afterAll(async () => {
    await client?.close();
    await app?.close();
    await store?.close();
    process.env = saved;
  });

  const send = (pattern: string, payload: object) => callService<InventoryCommandReply>(client, pattern, { commandId: uuidv7(), ...payload }, 10_000);
  const sku = () => `SKU-${uuidv7().slice(-12)}`;
  const customerId = uuidv7();

  /** Appends an ordering event as the ordering service would: its own stream, a correlation id in the metadata. */
  async function appendOrderEvent(orderId: string, type: string, data: object, correlationId = uuidv7()) {
    const eventId = uuidv7();
    const { position } = await store.appendToStream(`order-${orderId}`, [{ id: eventId, type, data: data as never, metadata: { correlationId } }]);
    return { eventId, position, correlationId };
  }
  const placeOrder = (orderId: string, lines: OrderLine[], correlationId?: string) =>
    appendOrderEvent(orderId, 'OrderPlaced', { orderId, customerId, lines }, correlationId);
  const reacted = (position: bigint) => projections.waitForPosition(INVENTORY_REACTIONS, position, 15_000);

  async function warehouseEvents(): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    for await (const e of store.readStream('warehouse-main')) out.push(e);
    return out;
  }
  const forOrder = async (orderId: string) => (await warehouseEvents()).filter((e) => (e.data as { orderId?: string }).orderId === orderId);

  it('reserves the stock of a placed order on warehouse-main, continuing its correlation id and caused by the OrderPlaced event', async () => {
    const item = sku();
    await send(InventoryCommands.addItem, { sku: item, name: 'Lamp', quantity: 5 });
    const orderId = uuidv7();
    const placed = await placeOrder(orderId, [{ sku: item, quantity: 2 }]);
    await reacted(placed.position);
    const events = await forOrder(orderId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'StockReserved',
      streamId: 'warehouse-main',
      data: { orderId, lines: [{ sku: item, quantity: 2 }] },
      correlationId: placed.correlationId,
      causationId: placed.eventId,
    });
  });

  it('rejects an order it cannot serve, with the reason, and reserves nothing', async () => {
    const item = sku();
    await send(InventoryCommands.addItem, { sku: item, name: 'Desk', quantity: 1 });
    const tooMany = uuidv7();
    const unknown = uuidv7();
    await placeOrder(tooMany, [{ sku: item, quantity: 2 }]);
    const last = await placeOrder(unknown, [{ sku: item, quantity: 1 }, { sku: 'NOT-IN-STOCK', quantity: 1 }]);
    await reacted(last.position);
    expect((await forOrder(tooMany)).map((e) => [e.type, e.data])).toEqual([
      ['StockReservationRejected', { orderId: tooMany, reason: 'STOCK_INSUFFICIENT', sku: item }],
    ]);
    expect((await forOrder(unknown)).map((e) => [e.type, e.data])).toEqual([
      ['StockReservationRejected', { orderId: unknown, reason: 'UNKNOWN_SKU', sku: 'NOT-IN-STOCK' }],
    ]);
  });

  it('20 orders for the last unit, placed concurrently while the stream is restocked elsewhere: exactly one is reserved, available never below 0', async () => {
    const item = sku();
    const busy = sku();
    await send(InventoryCommands.addItem, { sku: item, name: 'Last one', quantity: 1 });
    await send(InventoryCommands.addItem, { sku: busy, name: 'Busy', quantity: 0 });
    const orders = Array.from({ length: 20 }, () => uuidv7());
    const [placed] = await Promise.all([
      Promise.all(orders.map((orderId) => placeOrder(orderId, [{ sku: item, quantity: 1 }]))),
      // Commands racing the reactions on the same hot stream: the repository retries the conflicts.
      Promise.all(Array.from({ length: 10 }, () => send(InventoryCommands.restock, { sku: busy, quantity: 1 }))),
    ]);
    await reacted(placed.reduce((max, p) => (p.position > max ? p.position : max), 0n));
    const decided = (await warehouseEvents()).filter((e) => orders.includes((e.data as { orderId?: string }).orderId ?? ''));
    expect(decided.filter((e) => e.type === 'StockReserved')).toHaveLength(1);
    expect(decided.filter((e) => e.type === 'StockReservationRejected').map((e) => (e.data as { reason: string }).reason)).toEqual(
      Array(19).fill('STOCK_INSUFFICIENT'),
    );
    let state = initialWarehouseState();
    for (const event of await warehouseEvents()) {
      state = evolveWarehouse(state, { type: event.type, data: event.data } as InventoryEvent);
      expect(state.items[item]?.available ?? 0).toBeGreaterThanOrEqual(0);
    }
    expect(state.items[item]).toMatchObject({ available: 0, reserved: 1 });
    expect(state.items[busy]).toMatchObject({ available: 10 });
  });

  it('releases the stock of a cancelled order once; a second cancel, or an expiry after it, changes nothing', async () => {
    const item = sku();
    await send(InventoryCommands.addItem, { sku: item, name: 'Sofa', quantity: 3 });
    const orderId = uuidv7();
    const correlationId = uuidv7();
    await placeOrder(orderId, [{ sku: item, quantity: 3 }], correlationId);
    const cancelled = await appendOrderEvent(orderId, 'OrderCancelled', { orderId, by: 'customer' }, correlationId);
    await reacted(cancelled.position);
    const again = await appendOrderEvent(orderId, 'OrderCancelled', { orderId, by: 'admin' }, correlationId);
    const expired = await appendOrderEvent(orderId, 'OrderExpired', { orderId }, correlationId);
    await reacted(expired.position > again.position ? expired.position : again.position);
    const events = await forOrder(orderId);
    expect(events.map((e) => e.type)).toEqual(['StockReserved', 'StockReleased']);
    expect(events[1]).toMatchObject({ data: { orderId, lines: [{ sku: item, quantity: 3 }] }, correlationId, causationId: cancelled.eventId });
    let state = initialWarehouseState();
    for (const event of await warehouseEvents()) state = evolveWarehouse(state, { type: event.type, data: event.data } as InventoryEvent);
    expect(state.items[item]).toMatchObject({ available: 3, reserved: 0 });
  });

  it('an expired order gives its stock back', async () => {
    const item = sku();
    await send(InventoryCommands.addItem, { sku: item, name: 'Rug', quantity: 2 });
    const orderId = uuidv7();
    await placeOrder(orderId, [{ sku: item, quantity: 2 }]);
    const expired = await appendOrderEvent(orderId, 'OrderExpired', { orderId });
    await reacted(expired.position);
    expect((await forOrder(orderId)).map((e) => e.type)).toEqual(['StockReserved', 'StockReleased']);
  });

  it('a redelivered OrderPlaced (the same recorded event applied again) still leaves exactly one StockReserved', async () => {
    const item = sku();
    await send(InventoryCommands.addItem, { sku: item, name: 'Shelf', quantity: 10 });
    const orderId = uuidv7();
    const placed = await placeOrder(orderId, [{ sku: item, quantity: 1 }]);
    await reacted(placed.position);
    const recorded = await store.readEvent(`order-${orderId}`, placed.eventId);
    // As the runtime would after a crash between the commands and the checkpoint: twice, even concurrently.
    const applyAgain = () => projections.redeliver(INVENTORY_REACTIONS, recorded!);
    await Promise.all([applyAgain(), applyAgain()]);
    const events = await forOrder(orderId);
    expect(events.map((e) => e.type)).toEqual(['StockReserved']);
    let state = initialWarehouseState();
    for (const event of await warehouseEvents()) state = evolveWarehouse(state, { type: event.type, data: event.data } as InventoryEvent);
    expect(state.items[item]).toMatchObject({ available: 9, reserved: 1 });
  });

  it('a poison OrderPlaced (invalid data) is parked in the dead-letter table; other orders still flow and health stays up', async () => {
    const item = sku();
    await send(InventoryCommands.addItem, { sku: item, name: 'Vase', quantity: 5 });
    const poisonOrder = uuidv7();
    const poison = await appendOrderEvent(poisonOrder, 'OrderPlaced', { orderId: poisonOrder, customerId });
    const healthyOrder = uuidv7();
    const healthy = await placeOrder(healthyOrder, [{ sku: item, quantity: 1 }]);
    await reacted(healthy.position > poison.position ? healthy.position : poison.position);

    const parked = await projections.listDeadLetters(INVENTORY_REACTIONS);
    expect(parked).toEqual([
      expect.objectContaining({ streamId: `order-${poisonOrder}`, status: 'failed', attempts: 3, error: expect.stringContaining('lines') }),
    ]);
    expect(parked[0].event.eventId).toBe(poison.eventId);
    expect(await forOrder(poisonOrder)).toEqual([]);
    expect((await forOrder(healthyOrder)).map((e) => e.type)).toEqual(['StockReserved']);

    const health = await app.get(ProjectionsHealthIndicator).isHealthy('projections');
    expect(health['projections']).toMatchObject({ status: 'up' });
    const status = await projections.status();
    expect(status).toEqual([expect.objectContaining({ projection: INVENTORY_REACTIONS, dlqDepth: 1 })]);
    expect(['live', 'catching-up']).toContain(status[0].state);
  });

  it('restarted with its checkpoint reset, it gets every ordering event again and writes nothing new', async () => {
    const before = (await warehouseEvents()).map((e) => e.eventId);
    const head = await store.headPosition();
    let placedOrders = 0;
    for await (const e of store.readAll()) if (e.type === 'OrderPlaced' && Array.isArray((e.data as { lines?: unknown }).lines)) placedOrders++;
    expect(placedOrders).toBeGreaterThan(20);
    await app.close();
    const sql = new Client({ connectionString: databaseUrl });
    sql.on('error', () => undefined);
    await sql.connect();
    try {
      const reset = await sql.query(`UPDATE chronicle_projections.projection_checkpoints SET position = 0 WHERE projection = $1`, [INVENTORY_REACTIONS]);
      expect(reset.rowCount).toBe(1);
    } finally {
      await sql.end();
    }
    const reserve = jest.spyOn(ReserveStockWhenOrderPlacedHandler.prototype, 'react');
    try {
      app = await createInventoryCommandApp();
      await app.listen();
      projections = app.get(Projections);
      await projections.waitForPosition(INVENTORY_REACTIONS, head, 30_000);
      expect(reserve.mock.calls.length).toBeGreaterThanOrEqual(placedOrders);
    } finally {
      reserve.mockRestore();
    }
    expect((await warehouseEvents()).map((e) => e.eventId)).toEqual(before);
  });
});
