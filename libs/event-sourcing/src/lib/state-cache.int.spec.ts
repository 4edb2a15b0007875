import { createPostgresEventStore, type PostgresEventStore } from '@chronicle/event-store';
import { useTestDatabase } from '@chronicle/testing';
import { v7 as uuidv7 } from 'uuid';
import { EventRegistry } from './event-registry';
import { EventSourcedRepository } from './event-sourced-repository';
import { counterDecider, counterEvents, type CounterCommand } from './testing-fixtures/counter.decider';

const open = (limit = 1000): CounterCommand => ({ commandId: uuidv7(), kind: 'Open', limit });
const increment = (by = 1): CounterCommand => ({ commandId: uuidv7(), kind: 'Increment', by });

describe('EventSourcedRepository with the state cache', () => {
  const db = useTestDatabase();
  const registry = new EventRegistry(counterEvents);
  let store: PostgresEventStore;
  const repository = (stateCacheSize: number) => new EventSourcedRepository({ category: 'counter', decider: counterDecider }, { store, registry, stateCacheSize });

  beforeAll(async () => {
    store = await createPostgresEventStore({ connectionString: db.connectionString, poolSize: 20 });
  });
  afterAll(() => store.close());

  it('loads from the state it wrote, folding in only what another writer (another process) appended since', async () => {
    const id = uuidv7();
    const here = repository(10);
    const elsewhere = repository(10);
    await here.handle(id, open());
    await here.handle(id, increment(2));
    await elsewhere.handle(id, increment(3));
    await elsewhere.handle(id, increment(4));
    const loaded = await here.load(id);
    expect(loaded).toMatchObject({ fromCache: true, eventsRead: 2, revision: 3n });
    expect(loaded.state).toEqual((await repository(0).load(id)).state);
    expect(loaded.state.total).toBe(9);
  });

  it('a command decided on a cached state that another writer moved on is retried on the fresh state: no lost update', async () => {
    const id = uuidv7();
    const writers = [repository(10), repository(10), repository(10)];
    await writers[0].handle(id, open());
    await Promise.all(writers.flatMap((writer) => Array.from({ length: 8 }, () => writer.handle(id, increment()))));
    const fresh = await repository(0).load(id);
    expect(fresh.state).toMatchObject({ total: 24, increments: 24 });
    for (const writer of writers) expect((await writer.load(id)).state).toEqual(fresh.state);
  });

  it('keeps only the streams used last', async () => {
    const cached = repository(2);
    const [a, b, c] = [uuidv7(), uuidv7(), uuidv7()];
    for (const id of [a, b, c]) await cached.handle(id, open());
    expect((await cached.load(c)).fromCache).toBe(true);
    expect((await cached.load(a)).fromCache).toBe(false);
  });

  it('is off unless asked for', async () => {
    const id = uuidv7();
    const plain = repository(0);
    await plain.handle(id, open());
    expect((await plain.load(id)).fromCache).toBe(false);
  });
});
