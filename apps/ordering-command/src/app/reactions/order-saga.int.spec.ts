import { createPostgresEventStore, type PostgresEventStore } from '@chronicle/event-store';
import { OrderingCommands } from '@chronicle/ordering-contracts';
import { Projections } from '@chronicle/projections';
import { createTestDatabase } from '@chronicle/testing';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import {
  appendInventoryEvent,
  eventually,
  orderEventTypes,
  startOrderingCommand,
  streamEvents,
  type RunningOrderingCommand,
} from '../../testing/ordering-command.harness';
import { ORDERING_REACTIONS } from './ordering.reactor';

describe('the order saga: ordering reactions to inventory', () => {
  let databaseUrl: string;
  let service: RunningOrderingCommand;
  let store: PostgresEventStore;
  const saved = { ...process.env };

  beforeAll(async () => {
    databaseUrl = (await createTestDatabase()).connectionString;
    service = await startOrderingCommand(databaseUrl);
    store = await createPostgresEventStore({ connectionString: databaseUrl });
  });
  afterAll(async () => {
    await service?.close();
    await store?.close();
    process.env = saved;
  });

  const typesBecome = (orderId: string, types: string[]) =>
    eventually(async () => JSON.stringify(await orderEventTypes(store, orderId)) === JSON.stringify(types), 15_000, `${types.join(', ')}`);

  it('StockReserved confirms the order, in the correlation of the saga, caused by the inventory event', async () => {
    const placed = await service.place(uuidv7(), [{ sku: 'sku-1', quantity: 2 }], 'saga-confirm');
    const reserved = await appendInventoryEvent(
      store,
      'StockReserved',
      { orderId: placed.orderId, lines: [{ sku: 'sku-1', quantity: 2 }] },
      { correlationId: 'saga-confirm' },
    );
    await typesBecome(placed.orderId, ['OrderPlaced', 'OrderConfirmed']);
    const [, confirmed] = await streamEvents(store, `order-${placed.orderId}`);
    expect(confirmed).toMatchObject({ correlationId: 'saga-confirm', causationId: reserved.eventId, data: { orderId: placed.orderId } });
  });

  it('StockReservationRejected rejects the order with the reason and the sku', async () => {
    const placed = await service.place(uuidv7(), [{ sku: 'rare', quantity: 99 }], 'saga-reject');
    const rejected = await appendInventoryEvent(
      store,
      'StockReservationRejected',
      { orderId: placed.orderId, reason: 'STOCK_INSUFFICIENT', sku: 'rare' },
      { correlationId: 'saga-reject' },
    );
    await typesBecome(placed.orderId, ['OrderPlaced', 'OrderRejected']);
    const [, event] = await streamEvents(store, `order-${placed.orderId}`);
    expect(event).toMatchObject({
      data: { orderId: placed.orderId, reason: 'STOCK_INSUFFICIENT: rare' },
      correlationId: 'saga-reject',
      causationId: rejected.eventId,
    });
  });

  it('StockReserved for an order that was already cancelled changes nothing', async () => {
    const customerId = uuidv7();
    const placed = await service.place(customerId);
    await service.send(OrderingCommands.cancelOrder, { orderId: placed.orderId, requestedBy: customerId, by: 'customer' });
    const late = await appendInventoryEvent(store, 'StockReserved', { orderId: placed.orderId, lines: [{ sku: 'sku-1', quantity: 2 }] });
    await service.reactionsReached(late.position);
    expect(await orderEventTypes(store, placed.orderId)).toEqual(['OrderPlaced', 'OrderCancelled']);
  });

  it('the same inventory events delivered again (checkpoint reset, restart) change nothing', async () => {
    const placed = await service.place(uuidv7());
    const reserved = await appendInventoryEvent(store, 'StockReserved', { orderId: placed.orderId, lines: [{ sku: 'sku-1', quantity: 2 }] });
    await typesBecome(placed.orderId, ['OrderPlaced', 'OrderConfirmed']);
    const before = await streamEvents(store, `order-${placed.orderId}`);

    await service.close();
    const db = new Client({ connectionString: databaseUrl });
    db.on('error', () => undefined);
    await db.connect();
    try {
      const reset = await db.query(`UPDATE chronicle_projections.projection_checkpoints SET position = 0 WHERE projection = $1`, [ORDERING_REACTIONS]);
      expect(reset.rowCount).toBeGreaterThan(0);
    } finally {
      await db.end();
    }
    service = await startOrderingCommand(databaseUrl);
    await service.reactionsReached(reserved.position);
    const head = await store.headPosition();
    await service.reactionsReached(head);

    const after = await streamEvents(store, `order-${placed.orderId}`);
    expect(after.map((e) => e.eventId)).toEqual(before.map((e) => e.eventId));
    expect(after.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderConfirmed']);
    expect(await service.app.get(Projections, { strict: false }).listDeadLetters(ORDERING_REACTIONS)).toEqual([]);
  });

  it('a poison inventory event is parked; other orders are still confirmed and the service stays healthy', async () => {
    // On the one warehouse stream every order's reservation goes through: the poison event holds back only its own order.
    const poison = await appendInventoryEvent(store, 'StockReserved', { orderId: 'not-a-uuid', lines: [] });
    const placed = await service.place(uuidv7());
    await appendInventoryEvent(store, 'StockReserved', { orderId: placed.orderId, lines: [{ sku: 'sku-1', quantity: 2 }] });
    await typesBecome(placed.orderId, ['OrderPlaced', 'OrderConfirmed']);

    const projections = service.app.get(Projections, { strict: false });
    await eventually(async () => (await projections.listDeadLetters(ORDERING_REACTIONS)).length > 0, 15_000, 'the dead letter');
    const deadLetters = await projections.listDeadLetters(ORDERING_REACTIONS);
    expect(deadLetters).toEqual([
      expect.objectContaining({ status: 'failed', streamId: 'warehouse-main', holdKey: 'order:not-a-uuid', position: poison.position, error: expect.stringContaining('orderId') }),
    ]);
    const health = await service.send<{ status: string }>(OrderingCommands.health, {});
    expect(health.status).toBe('ok');
  });
});
