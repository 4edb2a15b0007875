import { useTestDatabase } from '@chronicle/testing';
import { Pool, type PoolClient } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { collect } from './conformance/event-store.conformance';
import type { Subscription } from './event-store';
import { appendEvents } from './postgres/append';
import { createPostgresEventStore, type PostgresEventStore } from './postgres/postgres-event-store';
import { buildStatements } from './postgres/sql';
import type { RecordedEvent } from './types';
import { DEFAULT_MAX_EVENT_SIZE_BYTES, prepareEvents } from './validation';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sql = buildStatements('chronicle');

/** Collects a live subscription in the background. */
function collectLive(subscription: Subscription) {
  const received: RecordedEvent[] = [];
  const done = (async () => {
    for await (const event of subscription) received.push(event);
  })();
  return {
    received,
    async waitFor(count: number, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`subscription got ${received.length} of ${count} events`);
        await sleep(5);
      }
    },
    async stop() {
      await subscription.stop();
      await done;
    },
  };
}

/**
 * Appends inside an explicit transaction on `client`, exactly as the store does, so a test can
 * hold the transaction open (or make it wait) around the append.
 */
function appendInTransaction(client: PoolClient, streamId: string, type: string, data: Record<string, number> = {}) {
  const prepared = prepareEvents(streamId, [{ id: uuidv7(), type, data }], DEFAULT_MAX_EVENT_SIZE_BYTES);
  return appendEvents(client, sql, streamId, prepared, 'any');
}

/** Resolves once backend `pid` waits on a lock. */
async function waitUntilBlocked(pool: Pool, pid: number): Promise<void> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(5)) {
    const { rows } = await pool.query<{ wait: string | null }>('SELECT wait_event_type AS wait FROM pg_stat_activity WHERE pid = $1', [pid]);
    if (rows[0]?.wait === 'Lock') return;
  }
  throw new Error(`backend ${pid} never waited on a lock`);
}

describe('late commits are never skipped', () => {
  const db = useTestDatabase();
  let store: PostgresEventStore;
  let pool: Pool;

  beforeAll(async () => {
    store = await createPostgresEventStore({ connectionString: db.connectionString });
    pool = new Pool({ connectionString: db.connectionString, max: 12 });
    pool.on('error', () => undefined);
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
  });

  it('holds back a later commit while an earlier position is still open, then delivers both in order', async () => {
    const category = `late${Date.now()}`;
    const live = collectLive(store.subscribeToAll({ filter: { categories: [category] } }));
    const a = await pool.connect();
    try {
      await a.query('BEGIN');
      const first = await appendInTransaction(a, `${category}-a`, 'A');
      const second = await store.appendToStream(`${category}-b`, [{ type: 'B', data: {} }]);
      expect(second.position).toBeGreaterThan(first.position);
      await sleep(300);
      expect(live.received).toEqual([]);
      await a.query('COMMIT');
    } finally {
      a.release();
    }
    await live.waitFor(2);
    expect(live.received.map((e) => e.type)).toEqual(['A', 'B']);
    await live.stop();
  });

  it('does not skip a transaction that started first but took its position after waiting on a lock', async () => {
    const category = `lock${Date.now()}`;
    const streamA = `${category}-a`;
    await store.appendToStream(streamA, [{ type: 'Opened', data: {} }]);
    const live = collectLive(store.subscribeToAll({ filter: { categories: [category] } }));
    await live.waitFor(1);

    const holder = await pool.connect();
    const a = await pool.connect();
    try {
      // The holder's uncommitted append takes stream A's next revision. A's transaction then
      // starts (and gets its transaction id), and its append blocks on that revision's index entry.
      await holder.query('BEGIN');
      await appendInTransaction(holder, streamA, 'Doomed');
      await a.query('BEGIN');
      const { rows } = await a.query<{ xid: string; pid: number }>('SELECT pg_current_xact_id()::text AS xid, pg_backend_pid() AS pid');
      const aXid = BigInt(rows[0].xid);
      let aDone = false;
      const blockedAppend = appendInTransaction(a, streamA, 'A').finally(() => (aDone = true));
      // An append's position is decided when the append starts (not when its transaction took an
      // id): B goes after A has started appending and is waiting.
      await waitUntilBlocked(pool, rows[0].pid);

      const b = await store.appendToStream(`${category}-b`, [{ type: 'B', data: {} }]);
      expect(b.position >> 20n).toBeGreaterThan(aXid); // B's transaction is younger but commits first
      await sleep(300);
      expect(aDone).toBe(false); // A really is waiting
      expect(live.received.map((e) => e.type)).toEqual(['Opened']);

      await holder.query('ROLLBACK');
      const aResult = await blockedAppend;
      await a.query('COMMIT');
      expect(aResult.position).toBeLessThan(b.position);
    } finally {
      holder.release();
      a.release();
    }
    await live.waitFor(3);
    expect(live.received.map((e) => e.type)).toEqual(['Opened', 'A', 'B']);
    await live.stop();
  });

  it('randomized: 8 writers, 2,000 appends with delays inside their transactions, one live subscriber', async () => {
    const category = `stress${Date.now()}`;
    const writers = 8;
    const total = 2000;
    const live = collectLive(store.subscribeToAll({ filter: { categories: [category] } }));
    let issued = 0;
    await Promise.all(
      Array.from({ length: writers }, async (_, writer) => {
        const client = await pool.connect();
        try {
          while (issued < total) {
            const n = issued++;
            await client.query('BEGIN');
            if (Math.random() < 0.5) await client.query('SELECT pg_current_xact_id()'); // take the xid early
            if (Math.random() < 0.5) await sleep(Math.random() * 4);
            // Streams are per writer: a shared stream would make writers collide on revisions, which aborts a transaction.
            await appendInTransaction(client, `${category}-${writer}-${n % 3}`, 'Stressed', { writer, n });
            if (Math.random() < 0.5) await sleep(Math.random() * 4);
            await client.query('COMMIT');
          }
        } finally {
          client.release();
        }
      }),
    );
    await live.waitFor(total);
    await sleep(100);
    await live.stop();

    const positions = live.received.map((e) => e.position);
    expect(live.received).toHaveLength(total);
    expect(new Set(live.received.map((e) => e.eventId)).size).toBe(total);
    for (let i = 1; i < positions.length; i++) expect(positions[i]).toBeGreaterThan(positions[i - 1]);
    const all = await collect(store.readAll({ filter: { categories: [category] } }));
    expect(all.map((e) => e.eventId)).toEqual(live.received.map((e) => e.eventId));
  });
});
