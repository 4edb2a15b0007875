import { useTestDatabase } from '@chronicle/testing';
import { Client } from 'pg';
import type { Subscription } from '../event-store';
import type { RecordedEvent } from '../types';
import { createPostgresEventStore, type PostgresEventStore } from './postgres-event-store';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Collects what a subscription delivers, with the time each event arrived. */
function consume(subscription: Subscription): { received: { event: RecordedEvent; at: number }[]; done: Promise<void> } {
  const received: { event: RecordedEvent; at: number }[] = [];
  const done = (async () => {
    for await (const event of subscription) received.push({ event, at: Date.now() });
  })();
  return { received, done };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(20);
  }
  return Date.now() - started;
}

/**
 * While a store's LISTEN session is up, its idle subscriptions poll only rarely (every append of
 * any process notifies them); without the session they poll often, and the change is immediate.
 */
describe('PostgreSQL subscriptions: the idle poll follows the LISTEN session', () => {
  const db = useTestDatabase();
  let subscriber: PostgresEventStore;
  /** Appends without NOTIFY: its events reach other processes' subscriptions only by their poll. */
  let silentWriter: PostgresEventStore;
  let notifyingWriter: PostgresEventStore;

  beforeEach(async () => {
    subscriber = await createPostgresEventStore({ connectionString: db.connectionString, idlePollMs: 200, listeningIdlePollMs: 4_000 });
    silentWriter = await createPostgresEventStore({ connectionString: db.connectionString, notifications: false });
    notifyingWriter = await createPostgresEventStore({ connectionString: db.connectionString });
  });
  afterEach(async () => {
    await Promise.all([subscriber.close(), silentWriter.close(), notifyingWriter.close()]);
  });

  async function listenSessions(): Promise<number[]> {
    const client = new Client({ connectionString: db.connectionString });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const { rows } = await client.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'chronicle-event-store-listen'`,
      );
      return rows.map((r) => r.pid);
    } finally {
      await client.end();
    }
  }

  async function listening(): Promise<void> {
    const started = Date.now();
    while ((await listenSessions()).length === 0) {
      if (Date.now() - started > 10_000) throw new Error('the subscriber never listened');
      await sleep(50);
    }
    await sleep(300); // past the first reads the new session's wake-up caused
  }

  it('polls at the long interval while listening, and a notification still wakes it at once', async () => {
    const subscription = subscriber.subscribeToAll({ fromPosition: 'end', filter: { categories: ['quiet'] } });
    const { received, done } = consume(subscription);
    await listening();

    const silent = await silentWriter.appendToStream('quiet-1', [{ type: 'Unannounced', data: {} }]);
    const appendedAt = Date.now();
    await sleep(1_500);
    // The short poll (200 ms) would have found it seven times over by now.
    expect(received).toHaveLength(0);
    await until(() => received.length === 1, 8_000);
    expect(received[0].event.position).toBe(silent.position);
    expect(received[0].at - appendedAt).toBeLessThan(6_000);

    await sleep(200);
    const announced = await notifyingWriter.appendToStream('quiet-2', [{ type: 'Announced', data: {} }]);
    expect(await until(() => received.length === 2, 3_000)).toBeLessThan(1_000);
    expect(received[1].event.position).toBe(announced.position);

    await subscription.stop();
    await done;
  });

  it('takes the short poll as soon as its LISTEN session is lost, and reads what was appended meanwhile', async () => {
    const subscription = subscriber.subscribeToAll({ fromPosition: 'end', filter: { categories: ['dropped'] } });
    const { received, done } = consume(subscription);
    await listening();

    const [pid] = await listenSessions();
    const admin = new Client({ connectionString: db.connectionString });
    admin.on('error', () => undefined);
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    } finally {
      await admin.end();
    }
    const silent = await silentWriter.appendToStream('dropped-1', [{ type: 'Unannounced', data: {} }]);
    // Well before the 4 s long poll: the short one (or the re-established session's wake-up) found it.
    expect(await until(() => received.length === 1, 3_000)).toBeLessThan(2_500);
    expect(received[0].event.position).toBe(silent.position);

    // The session comes back, and with it the long poll and notifications.
    await listening();
    const announced = await notifyingWriter.appendToStream('dropped-2', [{ type: 'Announced', data: {} }]);
    expect(await until(() => received.length === 2, 3_000)).toBeLessThan(1_000);
    expect(received[1].event.position).toBe(announced.position);

    await subscription.stop();
    await done;
  });

  it('reads at once when another process wakes every subscription (an operator moved a checkpoint)', async () => {
    const subscription = subscriber.subscribeToAll({ fromPosition: 'end', filter: { categories: ['woken'] } });
    const { received, done } = consume(subscription);
    await listening();
    const silent = await silentWriter.appendToStream('woken-1', [{ type: 'Unannounced', data: {} }]);
    await notifyingWriter.wakeSubscriptions();
    expect(await until(() => received.length === 1, 3_000)).toBeLessThan(1_000);
    expect(received[0].event.position).toBe(silent.position);
    await subscription.stop();
    await done;
  });

  it('reports its progress past appends its filter passes over within the short poll, not the long one', async () => {
    const caughtUp: bigint[] = [];
    const subscription = subscriber.subscribeToAll({
      fromPosition: 'end',
      filter: { categories: ['wanted'] },
      onCaughtUp: (position) => void caughtUp.push(position),
    });
    const { done } = consume(subscription);
    await listening();

    const passedOver = await notifyingWriter.appendToStream('unwanted-1', [{ type: 'Other', data: {} }]);
    // A read-your-writes wait on this subscriber's checkpoint depends on this report.
    expect(await until(() => caughtUp.some((p) => p >= passedOver.position), 3_000)).toBeLessThan(1_500);

    await subscription.stop();
    await done;
  });
});
