import { randomUUID } from 'node:crypto';
import { useTestDatabase } from '@chronicle/testing';
import { createPostgresEventStore, type PostgresEventStore } from './postgres/postgres-event-store';
import { isStreamBrowser } from './stream-browser';

describe('browsing the store (operators)', () => {
  const db = useTestDatabase();
  let store: PostgresEventStore;
  const category = `browse${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    store = await createPostgresEventStore({ connectionString: db.connectionString });
    for (let i = 0; i < 5; i++) await store.appendToStream(`${category}-${i}`, [{ type: 'A', data: { i } }, { type: 'B', data: { i } }]);
    await store.appendToStream(`${category}-1`, [{ type: 'C', data: {} }]); // stream 1 is now the most recent
    await store.appendToStream(`${category}x-1`, [{ type: 'A', data: {} }]); // another category sharing the prefix
  });
  afterAll(() => store.close());

  it('lists categories with their stream and event counts', async () => {
    expect(isStreamBrowser(store)).toBe(true);
    const categories = await store.categories();
    expect(categories.find((c) => c.category === category)).toMatchObject({ streams: 5, events: 11 });
    expect(categories.find((c) => c.category === `${category}x`)).toMatchObject({ streams: 1, events: 1 });
  });

  it('pages the streams of a category, most recently written first', async () => {
    const first = await store.streamsOf(category, { limit: 2 });
    expect(first.streams.map((s) => s.streamId)).toEqual([`${category}-1`, `${category}-4`]);
    expect(first.streams[0]).toMatchObject({ revision: 2n });
    const rest = await store.streamsOf(category, { limit: 10, before: first.next });
    expect(rest.streams.map((s) => s.streamId)).toEqual([`${category}-3`, `${category}-2`, `${category}-0`]);
    expect(rest.next).toBeUndefined();
  });

  it('finds an event by its id alone', async () => {
    const id = randomUUID();
    await store.appendToStream(`${category}-9`, [{ id, type: 'Z', data: { z: true } }]);
    expect(await store.eventById(id)).toMatchObject({ eventId: id, streamId: `${category}-9`, type: 'Z' });
    expect(await store.eventById(randomUUID())).toBeUndefined();
    expect(await store.eventById('not-a-uuid')).toBeUndefined();
  });
});
