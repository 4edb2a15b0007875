import { useTestDatabase } from '@chronicle/testing';
import { createPostgresEventStore, type PostgresEventStore } from './postgres-event-store';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PostgreSQL subscriptions', () => {
  const db = useTestDatabase();
  let store: PostgresEventStore;
  beforeAll(async () => {
    store = await createPostgresEventStore({ connectionString: db.connectionString, pageSize: 10 });
  });
  afterAll(() => store.close());

  it('reports progress past events its filter passes over, so a checkpoint can reach any position', async () => {
    const caughtUp: bigint[] = [];
    const controller = new AbortController();
    const subscription = store.subscribeToAll({
      filter: { categories: ['wanted'] },
      signal: controller.signal,
      onCaughtUp: (position) => {
        caughtUp.push(position);
      },
    });
    const received: string[] = [];
    const consuming = (async () => {
      for await (const event of subscription) received.push(event.streamId);
    })();
    const unwanted = await store.appendToStream('unwanted-1', [{ type: 'Ignored', data: {} }]);
    for (let i = 0; i < 50 && !caughtUp.some((p) => p >= unwanted.position); i++) await sleep(20);
    expect(caughtUp.some((p) => p >= unwanted.position)).toBe(true);
    expect(received).toEqual([]);
    controller.abort();
    await consuming;
  });

  it('wakes a subscriber in another store instance (another process) through LISTEN/NOTIFY, well before the poll', async () => {
    const listener = await createPostgresEventStore({ connectionString: db.connectionString, idlePollMs: 60_000 });
    try {
      const subscription = listener.subscribeToAll({ fromPosition: 'end', filter: { categories: ['notified'] } });
      const iterator = subscription[Symbol.asyncIterator]();
      const next = iterator.next();
      await sleep(200); // the subscriber is now idle, waiting with a 60 s poll
      const started = Date.now();
      await store.appendToStream('notified-1', [{ type: 'Pinged', data: {} }]);
      const { value } = await next;
      expect(value?.type).toBe('Pinged');
      expect(Date.now() - started).toBeLessThan(5_000);
      await subscription.stop();
      await iterator.return?.();
    } finally {
      await listener.close();
    }
  });

  it('is not woken (does not even read) by appends its filter cannot match, here or in another process', async () => {
    const other = await createPostgresEventStore({ connectionString: db.connectionString, idlePollMs: 60_000 });
    const subscriber = await createPostgresEventStore({ connectionString: db.connectionString, idlePollMs: 60_000 });
    try {
      const reads: bigint[] = [];
      const subscription = subscriber.subscribeToAll({
        fromPosition: 'end',
        filter: { eventTypes: ['Wanted'] },
        onCaughtUp: (position) => void reads.push(position),
      });
      const iterator = subscription[Symbol.asyncIterator]();
      const next = iterator.next();
      await sleep(200);
      const before = reads.length;
      // Irrelevant appends from another process and from the subscriber's own store.
      await other.appendToStream('elsewhere-1', [{ type: 'Unwanted', data: {} }]);
      await subscriber.appendToStream('elsewhere-2', [{ type: 'Unwanted', data: {} }]);
      await sleep(300);
      expect(reads.length).toBe(before);
      // A relevant one wakes it at once, and it reads past the irrelevant ones too.
      const started = Date.now();
      const wanted = await other.appendToStream('elsewhere-3', [{ type: 'Wanted', data: {} }]);
      const { value } = await next;
      expect(value?.position).toBe(wanted.position);
      expect(Date.now() - started).toBeLessThan(5_000);
      await subscription.stop();
      await iterator.return?.();
    } finally {
      await other.close();
      await subscriber.close();
    }
  });

  it('pages through a long catch-up in order with a small page size', async () => {
    const { position: from } = await store.appendToStream('paged-0', [{ type: 'Start', data: {} }]);
    await store.appendToStream('paged-1', Array.from({ length: 95 }, (_, i) => ({ type: 'Paged', data: { i } })));
    const seen: number[] = [];
    const subscription = store.subscribeToAll({ fromPosition: from, filter: { categories: ['paged'] } });
    for await (const event of subscription) {
      seen.push((event.data as { i: number }).i);
      if (seen.length === 95) break;
    }
    expect(seen).toEqual(Array.from({ length: 95 }, (_, i) => i));
  });
});
