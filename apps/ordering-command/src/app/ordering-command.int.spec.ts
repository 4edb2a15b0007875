import { createPostgresEventStore, type PostgresEventStore } from '@chronicle/event-store';
import { OrderingCommands } from '@chronicle/ordering-contracts';
import { createTestDatabase } from '@chronicle/testing';
import { v7 as uuidv7 } from 'uuid';
import { orderEventTypes, startOrderingCommand, streamEvents, type RunningOrderingCommand } from '../testing/ordering-command.harness';

const transports: string[] = ['tcp'];
if (process.env['NATS_URL']) transports.push('nats');
else console.warn('SKIPPED: ordering-command over NATS (set NATS_URL=nats://127.0.0.1:4222 to run it)');

describe.each(transports)('ordering-command over %s', (transport) => {
  let service: RunningOrderingCommand;
  let store: PostgresEventStore;
  const saved = { ...process.env };

  beforeAll(async () => {
    const db = await createTestDatabase();
    service = await startOrderingCommand(db.connectionString, {}, transport === 'nats' ? saved['NATS_URL'] : undefined);
    store = await createPostgresEventStore({ connectionString: db.connectionString });
  });
  afterAll(async () => {
    await service?.close();
    await store?.close();
    process.env = saved;
  });

  it('places an order on order-<id> and answers orderId, revision and position; the same command again gets the same reply', async () => {
    const customerId = uuidv7();
    const command = { commandId: uuidv7(), customerId, lines: [{ sku: 'sku-1', quantity: 2 }, { sku: 'B.2', quantity: 1 }] };
    const reply = await service.send(OrderingCommands.placeOrder, command);
    expect(reply).toMatchObject({ orderId: expect.any(String), revision: '0', position: expect.stringMatching(/^\d+$/) });
    expect(await service.send(OrderingCommands.placeOrder, command)).toEqual(reply);
    const stored = await streamEvents(store, `order-${reply.orderId}`);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ type: 'OrderPlaced', data: { orderId: reply.orderId, customerId, lines: command.lines } });
  });

  it('takes the order id the client chose; placing it twice with another command is ORDER_ALREADY_EXISTS', async () => {
    const orderId = uuidv7();
    await expect(service.send(OrderingCommands.placeOrder, { orderId, customerId: uuidv7(), lines: [{ sku: 'a', quantity: 1 }] })).resolves.toMatchObject({
      orderId,
    });
    await expect(service.send(OrderingCommands.placeOrder, { orderId, customerId: uuidv7(), lines: [{ sku: 'a', quantity: 1 }] })).rejects.toMatchObject({
      code: 'ORDER_ALREADY_EXISTS',
    });
  });

  it('rejects invalid orders with VALIDATION_FAILED and stores nothing', async () => {
    const head = await store.headPosition();
    const customerId = uuidv7();
    for (const lines of [[], [{ sku: 'bad sku!', quantity: 1 }], [{ sku: 'sku-1', quantity: 0 }], [{ sku: 'sku-1', quantity: 1.5 }]]) {
      await expect(service.send(OrderingCommands.placeOrder, { customerId, lines })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    await expect(service.send(OrderingCommands.placeOrder, { customerId: 'nobody', lines: [{ sku: 'a', quantity: 1 }] })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: { customerId: expect.any(Array) } },
    });
    await expect(service.send(OrderingCommands.placeOrder, { customerId, lines: [{ sku: 'a', quantity: 1 }], total: 5 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(await store.headPosition()).toBe(head);
  });

  it('a customer cancels their own order once: the second cancel is a no-op with the same revision and no position', async () => {
    const customerId = uuidv7();
    const placed = await service.place(customerId);
    const cancel = { orderId: placed.orderId, requestedBy: customerId, by: 'customer' };
    const cancelled = await service.send(OrderingCommands.cancelOrder, cancel);
    expect(cancelled).toMatchObject({ orderId: placed.orderId, revision: '1', position: expect.stringMatching(/^\d+$/) });
    expect(await service.send(OrderingCommands.cancelOrder, cancel)).toEqual({ orderId: placed.orderId, revision: '1', position: null });
    const events = await streamEvents(store, `order-${placed.orderId}`);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['OrderPlaced', expect.anything()],
      ['OrderCancelled', { orderId: placed.orderId, by: 'customer' }],
    ]);
  });

  it("another customer's order reads as ORDER_NOT_FOUND; an admin may cancel any order", async () => {
    const placed = await service.place(uuidv7());
    await expect(
      service.send(OrderingCommands.cancelOrder, { orderId: placed.orderId, requestedBy: uuidv7(), by: 'customer' }),
    ).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
    await expect(service.send(OrderingCommands.cancelOrder, { orderId: uuidv7(), requestedBy: uuidv7(), by: 'admin' })).rejects.toMatchObject({
      code: 'ORDER_NOT_FOUND',
    });
    expect(await orderEventTypes(store, placed.orderId)).toEqual(['OrderPlaced']);
    await expect(service.send(OrderingCommands.cancelOrder, { orderId: placed.orderId, requestedBy: uuidv7(), by: 'admin' })).resolves.toMatchObject({
      revision: '1',
    });
    expect((await streamEvents(store, `order-${placed.orderId}`))[1]).toMatchObject({ type: 'OrderCancelled', data: { by: 'admin' } });
  });

  it("stamps the caller's correlation id on the events", async () => {
    const placed = await service.place(uuidv7(), undefined, 'corr-ordering-1');
    expect((await streamEvents(store, `order-${placed.orderId}`))[0].correlationId).toBe('corr-ordering-1');
  });

  it('reports the health of its reactions', async () => {
    const health = await service.send<{ status: string; details: Record<string, unknown> }>(OrderingCommands.health, {});
    expect(health.status).toBe('ok');
    expect(health.details).toHaveProperty('reactions');
  });
});
