import { holdWriteTransaction, holdWriteTransactionInAnotherDatabase, useTestDatabase, type OpenTransaction } from '@chronicle/testing';
import { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { collect } from './conformance/event-store.conformance';
import { appendEvents } from './postgres/append';
import { createPostgresEventStore, type PostgresEventStore } from './postgres/postgres-event-store';
import { buildStatements } from './postgres/sql';
import { measureLiveDelivery } from './testing/live-delivery';
import type { RecordedEvent } from './types';
import { DEFAULT_MAX_EVENT_SIZE_BYTES, prepareEvents } from './validation';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sql = buildStatements('chronicle');

describe('the read horizon waits only for appending transactions', () => {
  const db = useTestDatabase();
  let writer: PostgresEventStore;
  let reader: PostgresEventStore;
  let pool: Pool;

  beforeAll(async () => {
    writer = await createPostgresEventStore({ connectionString: db.connectionString });
    reader = await createPostgresEventStore({ connectionString: db.connectionString, migrate: false });
    pool = new Pool({ connectionString: db.connectionString, max: 10 });
    pool.on('error', () => undefined);
  });
  afterAll(async () => {
    await writer.close();
    await reader.close();
    await pool.end();
  });

  it('delivers live events with p99 under 100 ms for 30 s while a non-appending write transaction in its own database stays open', async () => {
    const open = await holdWriteTransaction(db.connectionString);
    try {
      const measured = await measureLiveDelivery(writer, reader, { durationMs: 30_000, intervalMs: 25 });
      expect(measured.missing).toBe(0);
      expect(measured.latencies.length).toBeGreaterThan(500);
      expect(measured.p99).toBeLessThan(100);
    } finally {
      await open.release();
    }
  }, 90_000);

  it('randomized: 8 writers with delays inside their transactions, unrelated long transactions coming and going, each live subscriber sees exactly readAll', async () => {
    const category = `random${Date.now()}`;
    const total = 10_000;
    // Three subscribers, each its own store (as services are): more reads racing the commits.
    const readers = [reader, ...(await Promise.all([0, 1].map(() => createPostgresEventStore({ connectionString: db.connectionString, migrate: false }))))];
    const subscribers = await Promise.all(
      readers.map(async (store) => {
        const received: RecordedEvent[] = [];
        const subscription = store.subscribeToAll({ fromPosition: await store.headPosition(), filter: { categories: [category] } });
        const consuming = (async () => {
          for await (const event of subscription) received.push(event);
        })();
        return { received, subscription, consuming };
      }),
    );

    // One unrelated transaction stays open the whole time (delivery must not wait for it), others come and go.
    const longest = await holdWriteTransactionInAnotherDatabase();
    let churning = true;
    const churn = (async () => {
      const open: OpenTransaction[] = [];
      while (churning) {
        open.push(await (Math.random() < 0.5 ? holdWriteTransaction(db.connectionString) : holdWriteTransactionInAnotherDatabase()));
        await sleep(Math.random() * 200);
        if (open.length > 2 || Math.random() < 0.5) await open.shift()?.release();
      }
      await Promise.all(open.map((t) => t.release()));
    })();

    let issued = 0;
    // Half the writers append through the store (each append its own transaction); the other
    // half append inside explicit transactions that sometimes take their id early and wait
    // before and after the append, so commits come late and out of position order.
    const throughStore = async (writerId: number) => {
      while (issued < total) {
        const n = issued++;
        await writer.appendToStream(`${category}-${writerId}-${n % 3}`, [{ type: 'Randomized', data: { writerId, n } }]);
        if (Math.random() < 0.3) await sleep(Math.random() * 3);
      }
    };
    const inTransactions = async (writerId: number) => {
      const client = await pool.connect();
      try {
        while (issued < total) {
          const n = issued++;
          const streamId = `${category}-${writerId}-${n % 3}`;
          await client.query('BEGIN');
          if (Math.random() < 0.5) await client.query('SELECT pg_current_xact_id()');
          if (Math.random() < 0.5) await sleep(Math.random() * 4);
          const prepared = prepareEvents(streamId, [{ id: uuidv7(), type: 'Randomized', data: { writerId, n } }], DEFAULT_MAX_EVENT_SIZE_BYTES);
          await appendEvents(client, sql, streamId, prepared, 'any');
          if (Math.random() < 0.5) await sleep(Math.random() * 4);
          await client.query('COMMIT');
        }
      } finally {
        client.release();
      }
    };
    await Promise.all([0, 1, 2, 3].map(throughStore).concat([4, 5, 6, 7].map(inTransactions)));

    // Everything arrives while the longest unrelated transaction is still open.
    const everyoneHasAll = () => subscribers.every((s) => s.received.length >= total);
    for (const deadline = Date.now() + 20_000; !everyoneHasAll() && Date.now() < deadline; ) await sleep(10);
    const countsWhileOpen = subscribers.map((s) => s.received.length);
    churning = false;
    await churn;
    await longest.release();
    // A last event after all of them: delivery is in position order, so once every subscriber has
    // it, anything delivered twice would already be in what it received.
    const lastId = uuidv7();
    await writer.appendToStream(`${category}-last`, [{ id: lastId, type: 'Randomized', data: { last: true } }]);
    const everyoneHasLast = () => subscribers.every((s) => s.received.some((e) => e.eventId === lastId));
    for (const deadline = Date.now() + 20_000; !everyoneHasLast() && Date.now() < deadline; ) await sleep(10);
    for (const s of subscribers) {
      await s.subscription.stop();
      await s.consuming;
    }
    await Promise.all(readers.slice(1).map((store) => store.close()));

    const all = (await collect(writer.readAll({ filter: { categories: [category] } }))).map((e) => e.eventId);
    expect(all).toHaveLength(total + 1);
    expect(all[all.length - 1]).toBe(lastId);
    expect(countsWhileOpen).toEqual(readers.map(() => total));
    for (const { received } of subscribers) {
      expect(received.map((e) => e.eventId)).toEqual(all); // in order, none skipped, none twice
      for (let i = 1; i < received.length; i++) expect(received[i].position).toBeGreaterThan(received[i - 1].position);
    }
  }, 120_000);
});
