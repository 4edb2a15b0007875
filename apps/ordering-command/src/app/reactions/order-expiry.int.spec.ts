import { createPostgresEventStore, type PostgresEventStore } from '@chronicle/event-store';
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

const TIMEOUT_MS = 2_500;
const settings = { ORDER_PENDING_TIMEOUT_MS: String(TIMEOUT_MS), ORDER_TIMER_POLL_MS: '100' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the durable order expiry timer', () => {
  let databaseUrl: string;
  let service: RunningOrderingCommand | undefined;
  let store: PostgresEventStore;
  let db: Client;
  const saved = { ...process.env };

  beforeAll(async () => {
    databaseUrl = (await createTestDatabase()).connectionString;
    service = await startOrderingCommand(databaseUrl, settings);
    store = await createPostgresEventStore({ connectionString: databaseUrl });
    db = new Client({ connectionString: databaseUrl });
    db.on('error', () => undefined);
    await db.connect();
  });
  afterAll(async () => {
    await service?.close();
    await store?.close();
    await db?.end();
    process.env = saved;
  });

  const running = (): RunningOrderingCommand => {
    if (!service) throw new Error('ordering-command is not running');
    return service;
  };
  const timerOf = async (orderId: string) =>
    (await db.query(`SELECT due_at, correlation_id FROM chronicle_projections.reactor_timers WHERE reactor = 'ordering_reactions' AND kind = 'order-expiry' AND key = $1`, [orderId])).rows[0] as
      | { due_at: Date; correlation_id: string | null }
      | undefined;

  it('a PENDING order expires when its time is up, in the correlation of the order, caused by OrderPlaced', async () => {
    const placed = await running().place(uuidv7(), undefined, 'expiry-1');
    await eventually(async () => (await timerOf(placed.orderId)) !== undefined, 10_000, 'the timer');
    const [orderPlaced] = await streamEvents(store, `order-${placed.orderId}`);
    expect((await timerOf(placed.orderId))?.due_at.getTime()).toBe(orderPlaced.recordedAt.getTime() + TIMEOUT_MS);

    await eventually(async () => (await orderEventTypes(store, placed.orderId)).includes('OrderExpired'), 15_000, 'OrderExpired');
    const events = await streamEvents(store, `order-${placed.orderId}`);
    expect(events.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderExpired']);
    expect(events[1]).toMatchObject({ correlationId: 'expiry-1', causationId: orderPlaced.eventId });
    expect(events[1].recordedAt.getTime()).toBeGreaterThanOrEqual(orderPlaced.recordedAt.getTime() + TIMEOUT_MS);
    // On time: the batch that scheduled it woke the poller for its due time (it sleeps up to 5 s otherwise).
    expect(events[1].recordedAt.getTime()).toBeLessThan(orderPlaced.recordedAt.getTime() + TIMEOUT_MS + 1_500);
    await eventually(async () => (await timerOf(placed.orderId)) === undefined, 10_000, 'the timer to go');
  });

  it('a confirmed order never expires, and StockReserved after expiry changes nothing', async () => {
    const confirmed = await running().place(uuidv7());
    const expiring = await running().place(uuidv7());
    await appendInventoryEvent(store, 'StockReserved', { orderId: confirmed.orderId, lines: [{ sku: 'sku-1', quantity: 2 }] });
    await eventually(async () => (await orderEventTypes(store, confirmed.orderId)).includes('OrderConfirmed'), 10_000, 'OrderConfirmed');
    await eventually(async () => (await orderEventTypes(store, expiring.orderId)).includes('OrderExpired'), 15_000, 'OrderExpired');
    await sleep(500);
    expect(await orderEventTypes(store, confirmed.orderId)).toEqual(['OrderPlaced', 'OrderConfirmed']);
    expect(await timerOf(confirmed.orderId)).toBeUndefined();

    const late = await appendInventoryEvent(store, 'StockReserved', { orderId: expiring.orderId, lines: [{ sku: 'sku-1', quantity: 2 }] });
    await running().reactionsReached(late.position);
    expect(await orderEventTypes(store, expiring.orderId)).toEqual(['OrderPlaced', 'OrderExpired']);
  });

  it('survives a restart: a timer that came due while the service was down fires right after start, once', async () => {
    const placed = await running().place(uuidv7());
    await eventually(async () => (await timerOf(placed.orderId)) !== undefined, 10_000, 'the timer');
    await running().close();
    service = undefined;

    await sleep(TIMEOUT_MS + 500);
    expect(await orderEventTypes(store, placed.orderId)).toEqual(['OrderPlaced']);
    const started = Date.now();
    service = await startOrderingCommand(databaseUrl, { ...settings, ORDER_TIMER_POLL_MS: '60000' });
    // The poll interval is a minute: only the round at start can fire it.
    await eventually(async () => (await orderEventTypes(store, placed.orderId)).includes('OrderExpired'), 10_000, 'OrderExpired');
    expect(Date.now() - started).toBeLessThan(10_000);
    await sleep(300);
    expect(await orderEventTypes(store, placed.orderId)).toEqual(['OrderPlaced', 'OrderExpired']);
  });

  it('a timer fired twice (a crash before its row was deleted) expires the order once', async () => {
    await service?.close();
    service = await startOrderingCommand(databaseUrl, settings);
    const placed = await running().place(uuidv7());
    await eventually(async () => (await orderEventTypes(store, placed.orderId)).includes('OrderExpired'), 15_000, 'OrderExpired');
    await eventually(async () => (await timerOf(placed.orderId)) === undefined, 10_000, 'the timer to go');
    // What a crash between ExpireOrder and the timer's removal leaves behind: the timer, due.
    await db.query(
      `INSERT INTO chronicle_projections.reactor_timers (reactor, kind, key, due_at, causation_id) VALUES ('ordering_reactions', 'order-expiry', $1, now(), $2)`,
      [placed.orderId, uuidv7()],
    );
    await eventually(async () => (await timerOf(placed.orderId)) === undefined, 10_000, 'the timer to fire');
    expect(await orderEventTypes(store, placed.orderId)).toEqual(['OrderPlaced', 'OrderExpired']);
  });
});
