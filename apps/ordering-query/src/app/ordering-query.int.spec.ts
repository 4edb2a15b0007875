import type { ServiceApp } from '@chronicle/messaging';
import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import { findFreePort } from '@chronicle/embedded-postgres';
import { createPostgresEventStore, type PostgresEventStore } from '@chronicle/event-store';
import { callService, clientTransport } from '@chronicle/messaging';
import { OrderingCommands, OrderingQueries, type OrderCommandReply, type OrderPage, type OrderView } from '@chronicle/ordering-contracts';
import { createTestDatabase, startAppProcess } from '@chronicle/testing';
import { v7 as uuidv7 } from 'uuid';
import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { createOrderingQueryApp } from './create-ordering-query-app';



describe('ordering-query', () => {
  let app: ServiceApp;
  let commandService: ChildProcess | undefined;
  let commands: ClientProxy;
  let queries: ClientProxy;
  let store: PostgresEventStore;
  let databaseUrl: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    const db = await createTestDatabase();
    databaseUrl = db.connectionString;
    delete process.env['NATS_URL'];
    const commandPort = await findFreePort();
    const queryPort = await findFreePort();
    Object.assign(process.env, {
      DATABASE_URL: db.connectionString,
      ORDERING_COMMAND_PORT: String(commandPort), ORDERING_COMMAND_OPS_PORT: '0',
      ORDERING_QUERY_PORT: String(queryPort), ORDERING_QUERY_OPS_PORT: '0',
      READ_YOUR_WRITES_TIMEOUT_MS: '3000',
    });
    commandService = await startAppProcess('ordering-command', process.env);
    app = await createOrderingQueryApp();
    await app.listen();
    commands = ClientProxyFactory.create(clientTransport({ host: '127.0.0.1', port: commandPort, queue: '' }));
    queries = ClientProxyFactory.create(clientTransport({ host: '127.0.0.1', port: queryPort, queue: '' }));
    store = await createPostgresEventStore({ connectionString: db.connectionString });
  }, 60_000);
  afterAll(async () => {
    await commands?.close();
    await queries?.close();
    await app?.close();
    await store?.close();
    commandService?.kill('SIGTERM');
    process.env = saved;
  });

  const command = (pattern: string, payload: object) => callService<OrderCommandReply>(commands, pattern, { commandId: uuidv7(), ...payload }, 10_000);
  const query = <T>(pattern: string, payload: object) => callService<T>(queries, pattern, payload, 10_000);
  const place = (customerId: string, lines = [{ sku: 'sku-1', quantity: 2 }]) => command(OrderingCommands.placeOrder, { customerId, lines });

  it('reads its own writes: a placed order is PENDING right after the command, via minPosition', async () => {
    const customerId = uuidv7();
    const placed = await place(customerId, [{ sku: 'sku-1', quantity: 2 }, { sku: 'sku-2', quantity: 1 }]);
    const view = await query<OrderView>(OrderingQueries.getOrder, { orderId: placed.orderId, minPosition: placed.position });
    expect(view).toEqual({
      id: placed.orderId,
      customerId,
      status: 'PENDING',
      lines: [{ sku: 'sku-1', quantity: 2 }, { sku: 'sku-2', quantity: 1 }],
      revision: '0',
      placedAt: expect.any(String),
      updatedAt: view.placedAt,
    });
  });

  it("a customer sees only their own order: another customer's reads as ORDER_NOT_FOUND", async () => {
    const customerId = uuidv7();
    const placed = await place(customerId);
    await expect(
      query(OrderingQueries.getOrder, { orderId: placed.orderId, customerId, minPosition: placed.position }),
    ).resolves.toMatchObject({ id: placed.orderId });
    await expect(query(OrderingQueries.getOrder, { orderId: placed.orderId, customerId: uuidv7() })).rejects.toMatchObject({
      code: 'ORDER_NOT_FOUND',
    });
    await expect(query(OrderingQueries.getOrder, { orderId: uuidv7() })).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
  });

  it('shows a cancellation and a rejection with its reason', async () => {
    const customerId = uuidv7();
    const placed = await place(customerId);
    const cancelled = await command(OrderingCommands.cancelOrder, { orderId: placed.orderId, requestedBy: customerId, by: 'customer' });
    const view = await query<OrderView>(OrderingQueries.getOrder, { orderId: placed.orderId, minPosition: cancelled.position });
    expect(view).toMatchObject({ status: 'CANCELLED', revision: '1' });
    expect(view).not.toHaveProperty('reason');

    const rejected = await place(customerId, [{ sku: 'rare', quantity: 5 }]);
    const { position } = await store.appendToStream(
      'warehouse-main',
      [{ type: 'StockReservationRejected', data: { orderId: rejected.orderId, reason: 'STOCK_INSUFFICIENT', sku: 'rare' } }],
      { expectedRevision: 'any' },
    );
    // The command service's reaction rejects the order; the read model follows.
    let rejectedView: OrderView | undefined;
    const deadline = Date.now() + 15_000;
    while (rejectedView?.status !== 'REJECTED' && Date.now() < deadline) {
      rejectedView = await query<OrderView>(OrderingQueries.getOrder, { orderId: rejected.orderId, minPosition: position.toString() });
      if (rejectedView.status !== 'REJECTED') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(rejectedView).toMatchObject({ status: 'REJECTED', reason: 'STOCK_INSUFFICIENT: rare', revision: '1' });
  });

  it('lists orders newest first, by status and customer, with a keyset cursor', async () => {
    const customerId = uuidv7();
    const placed: OrderCommandReply[] = [];
    for (let i = 0; i < 5; i++) placed.push(await place(customerId, [{ sku: `sku-${i}`, quantity: i + 1 }]));
    const other = await place(uuidv7());
    const cancelled = await command(OrderingCommands.cancelOrder, { orderId: placed[1].orderId, requestedBy: customerId, by: 'customer' });
    const minPosition = [cancelled.position, other.position].map((p) => BigInt(p ?? 0)).reduce((a, b) => (a > b ? a : b)).toString();

    const first = await query<OrderPage>(OrderingQueries.listOrders, { customerId, limit: 2, minPosition });
    expect(first.items.map((o) => o.id)).toEqual([placed[4].orderId, placed[3].orderId]);
    const second = await query<OrderPage>(OrderingQueries.listOrders, { customerId, limit: 2, cursor: first.nextCursor });
    const third = await query<OrderPage>(OrderingQueries.listOrders, { customerId, limit: 2, cursor: second.nextCursor });
    expect([...second.items, ...third.items].map((o) => o.id)).toEqual([placed[2].orderId, placed[1].orderId, placed[0].orderId]);
    expect(third.nextCursor).toBeNull();

    const pending = await query<OrderPage>(OrderingQueries.listOrders, { customerId, status: 'PENDING' });
    expect(pending.items.map((o) => o.id)).toEqual([4, 3, 2, 0].map((i) => placed[i].orderId));
    const cancelledPage = await query<OrderPage>(OrderingQueries.listOrders, { customerId, status: 'CANCELLED' });
    expect(cancelledPage.items.map((o) => o.id)).toEqual([placed[1].orderId]);

    const everyone = await query<OrderPage>(OrderingQueries.listOrders, { limit: 100 });
    expect(everyone.items.map((o) => o.id)).toEqual(expect.arrayContaining([other.orderId, placed[0].orderId]));
    expect(everyone.items.findIndex((o) => o.id === other.orderId)).toBeLessThan(everyone.items.findIndex((o) => o.id === placed[4].orderId));

    await expect(query(OrderingQueries.listOrders, { cursor: 'garbage' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(query(OrderingQueries.listOrders, { status: 'LOST' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('keeps newest first when positions cross a power of ten (compared as numbers, not as their text)', async () => {
    const customerId = uuidv7();
    const placed: OrderCommandReply[] = [];
    for (let i = 0; i < 3; i++) placed.push(await place(customerId));
    await query<OrderPage>(OrderingQueries.listOrders, { customerId, minPosition: placed[2].position });
    const sql = new Client({ connectionString: databaseUrl });
    sql.on('error', () => undefined);
    await sql.connect();
    try {
      const { rows } = await sql.query<{ schema: string }>(
        `SELECT table_schema AS schema FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'placed_position' ORDER BY table_schema DESC LIMIT 1`,
      );
      // Positions grow with transaction ids: a store's orders straddle 10^9 at some point of its life.
      for (const [index, position] of ['999999999', '1000000000', '1000000001'].entries()) {
        await sql.query(`UPDATE "${rows[0].schema}".orders SET placed_position = $1 WHERE id = $2`, [position, placed[index].orderId]);
      }
    } finally {
      await sql.end();
    }
    const first = await query<OrderPage>(OrderingQueries.listOrders, { customerId, limit: 2 });
    const second = await query<OrderPage>(OrderingQueries.listOrders, { customerId, limit: 2, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((o) => o.id)).toEqual([placed[2].orderId, placed[1].orderId, placed[0].orderId]);
  });

  it('answers PROJECTION_LAGGING when the read model cannot reach minPosition in time', async () => {
    const error = await query(OrderingQueries.listOrders, { minPosition: '9000000000000000000' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PROJECTION_LAGGING' });
  });

  it('reports projection health', async () => {
    const health = await query<{ status: string; details: Record<string, unknown> }>(OrderingQueries.health, {});
    expect(health.status).toBe('ok');
    expect(health.details).toHaveProperty('projections');
  });
});
