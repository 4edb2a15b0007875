import { createPostgresEventStore, type PostgresEventStore } from '@chronicle/event-store';
import { useTestDatabase } from '@chronicle/testing';
import { v7 as uuidv7 } from 'uuid';
import { EventRegistry } from '../event-registry';
import { EventSourcedRepository, type SnapshotPolicy } from '../event-sourced-repository';
import { counterDecider, counterEvents, type CounterState } from '../testing-fixtures/counter.decider';
import { PostgresSnapshotStore } from './postgres-snapshot-store';

describe('snapshots', () => {
  const db = useTestDatabase();
  const registry = new EventRegistry(counterEvents);
  let store: PostgresEventStore;
  let snapshots: PostgresSnapshotStore;

  const repository = (policy?: SnapshotPolicy<CounterState>) =>
    new EventSourcedRepository({ category: 'counter', decider: counterDecider, snapshots: policy }, { store, registry, snapshotStore: snapshots });

  beforeAll(async () => {
    store = await createPostgresEventStore({ connectionString: db.connectionString });
    snapshots = await PostgresSnapshotStore.create({ connectionString: db.connectionString });
  });
  afterAll(async () => {
    await store.close();
    await snapshots.close();
  });

  async function counterWith(increments: number, repo: ReturnType<typeof repository>) {
    const id = uuidv7();
    await repo.handle(id, { commandId: uuidv7(), kind: 'Open', limit: 1_000_000 });
    for (let i = 1; i <= increments; i++) await repo.handle(id, { commandId: uuidv7(), kind: 'Increment', by: i });
    return id;
  }

  it('loading with a snapshot gives exactly the state loading without one gives', async () => {
    const withSnapshots = repository({ every: 10, version: 1 });
    const id = await counterWith(37, withSnapshots);
    const snapshot = await snapshots.load(`counter-${id}`);
    expect(snapshot?.revision).toBe(29n); // taken when the stream crossed 30 events
    const fast = await withSnapshots.load(id);
    const full = await repository().load(id);
    expect(fast.fromSnapshot).toBe(true);
    expect(fast.eventsRead).toBe(8);
    expect(full.fromSnapshot).toBe(false);
    expect(fast.state).toEqual(full.state);
    expect(fast.revision).toBe(full.revision);
    expect(full.state.total).toBe((37 * 38) / 2);
  });

  it('ignores a snapshot of an old version, loads from the events and rebuilds it', async () => {
    const id = await counterWith(25, repository({ every: 10, version: 1 }));
    // The state's shape changed: version 2 stores it differently.
    const v2: SnapshotPolicy<CounterState> = {
      every: 10,
      version: 2,
      toSnapshot: (s) => ({ shape: 'v2', open: s.open, total: s.total, limit: s.limit, increments: s.increments }),
      fromSnapshot: (json) => {
        const { open, total, limit, increments } = json as { open: boolean; total: number; limit: number; increments: number };
        return { open, total, limit, increments };
      },
    };
    const loaded = await repository(v2).load(id);
    expect(loaded.fromSnapshot).toBe(false);
    expect(loaded.state).toEqual((await repository().load(id)).state);
    const rebuilt = await snapshots.load(`counter-${id}`);
    expect(rebuilt).toMatchObject({ version: 2, revision: 25n, state: { shape: 'v2' } });
    const again = await repository(v2).load(id);
    expect(again.fromSnapshot).toBe(true);
    expect(again.state).toEqual(loaded.state);
  });

  it('a snapshot store that fails does not fail the command', async () => {
    const failing = new EventSourcedRepository(
      { category: 'counter', decider: counterDecider, snapshots: { every: 1, version: 1 } },
      { store, registry, snapshotStore: { load: async () => undefined, save: async () => Promise.reject(new Error('disk full')) } },
    );
    const id = uuidv7();
    const result = await failing.handle(id, { commandId: uuidv7(), kind: 'Open', limit: 5 });
    expect(result.revision).toBe(0n);
  });
});
