import { createPostgresEventStore, type PostgresEventStore } from '@chronicle/event-store';
import { handling, useTestDatabase } from '@chronicle/testing';
import { v7 as uuidv7 } from 'uuid';
import { commandEventId } from './command-event-ids';
import { ConcurrencyConflictError } from './errors';
import { EventRegistry } from './event-registry';
import { EventSourcedRepository, type StoredDomainEvent } from './event-sourced-repository';
import { CounterLimitReachedError, counterDecider, counterEvents, type CounterCommand } from './testing-fixtures/counter.decider';

const open = (limit = 1000): CounterCommand => ({ commandId: uuidv7(), kind: 'Open', limit });
const increment = (by = 1, commandId = uuidv7()): CounterCommand => ({ commandId, kind: 'Increment', by });

describe('EventSourcedRepository on PostgreSQL', () => {
  const db = useTestDatabase();
  const registry = new EventRegistry(counterEvents);
  let store: PostgresEventStore;
  let published: StoredDomainEvent[];
  let repository: EventSourcedRepository<CounterCommand, (typeof counterDecider extends { evolve(s: never, e: infer E): unknown } ? E : never), ReturnType<typeof counterDecider.initialState>>;

  beforeAll(async () => {
    store = await createPostgresEventStore({ connectionString: db.connectionString, poolSize: 20 });
  });
  beforeEach(() => {
    published = [];
    repository = new EventSourcedRepository(
      { category: 'counter', decider: counterDecider },
      { store, registry, correlation: () => ({ correlationId: 'corr-7', metadata: { actor: 'tester' } }), publish: (e) => published.push(...e) },
    );
  });
  afterAll(() => store.close());

  it('20 concurrent commands on one aggregate: all counted, no lost update, conflicts retried', async () => {
    const id = uuidv7();
    await repository.handle(id, open());
    const results = await Promise.all(Array.from({ length: 20 }, () => repository.handle(id, increment())));
    const { state, revision } = await repository.load(id);
    expect(state.total).toBe(20);
    expect(state.increments).toBe(20);
    expect(revision).toBe(20n);
    expect(new Set(results.map((r) => r.revision)).size).toBe(20);
    // Some of the 20 must have lost a race and been retried (they all started from revision 0).
    expect(results.filter((r) => r.revision !== 1n).length).toBeGreaterThan(0);
  });

  it('a command sent twice with one commandId writes one set of events and gets the same reply', async () => {
    const id = uuidv7();
    await repository.handle(id, open());
    const command = increment(5);
    const first = await repository.handle(id, command);
    const second = await repository.handle(id, command);
    expect(second).toEqual({ ...first, duplicate: true });
    const { state, revision } = await repository.load(id);
    expect(state.total).toBe(5);
    expect(revision).toBe(1n);
  });

  it('a retried command is recognised even after other commands moved the stream on', async () => {
    const id = uuidv7();
    await repository.handle(id, open());
    const command = increment(2);
    const first = await repository.handle(id, command);
    await repository.handle(id, increment(3));
    const again = await repository.handle(id, command);
    expect(again.position).toBe(first.position);
    expect((await repository.load(id)).state.total).toBe(5);
  });

  it('a re-sent command gets its original reply where the aggregate would now refuse it, decide nothing, or stand elsewhere', async () => {
    const id = uuidv7();
    const opening = open(5);
    const opened = await repository.handle(id, opening);
    const command = increment(4);
    const first = await repository.handle(id, command);
    // The decider would now refuse it (4 + 4 > 5): the original reply, not CounterLimitReachedError.
    expect(await repository.handle(id, command)).toEqual({ ...first, duplicate: true });
    // Open again decides nothing on an open counter: the original reply, not an empty one.
    expect(await repository.handle(id, opening)).toEqual({ ...opened, duplicate: true });
    // The caller saw the revision before its own command: the stream moved because of it.
    expect(await repository.handle(id, command, { expectedRevision: 0n })).toEqual({ ...first, duplicate: true });
    // A new command the decider refuses is still refused, and a stale revision still fails.
    await expect(repository.handle(id, increment(4))).rejects.toBeInstanceOf(CounterLimitReachedError);
    await expect(repository.handle(id, increment(1), { expectedRevision: 0n })).rejects.toMatchObject({ code: 'WRONG_EXPECTED_REVISION' });
    expect((await repository.load(id)).revision).toBe(1n);
    expect(published.map((e) => e.event.type)).toEqual(['CounterOpened', 'CounterIncremented']);
  });

  it('a re-sent command that raced its first delivery writes its events once', async () => {
    const id = uuidv7();
    await repository.handle(id, open());
    const command = increment(2);
    const results = await Promise.all(Array.from({ length: 6 }, () => repository.handle(id, command)));
    expect(new Set(results.map((r) => r.position)).size).toBe(1);
    const { state, revision } = await repository.load(id);
    expect(state.total).toBe(2);
    expect(revision).toBe(1n);
  });

  it('stamps ids, causation and correlation on the events, and publishes them only after they are stored', async () => {
    const id = uuidv7();
    const command = open(3);
    const seenInStore: boolean[] = [];
    const checking = new EventSourcedRepository(
      { category: 'counter', decider: counterDecider },
      {
        store,
        registry,
        correlation: () => ({ correlationId: 'corr-7', metadata: { actor: 'tester' } }),
        publish: (events) => {
          for (const e of events) void store.readEvent(e.streamId, e.eventId).then((found) => seenInStore.push(found !== undefined));
        },
      },
    );
    const result = await checking.handle(id, command);
    await new Promise((r) => setTimeout(r, 50));
    expect(seenInStore).toEqual([true]);
    const recorded = await store.readEvent(`counter-${id}`, commandEventId(command.commandId, 0));
    expect(recorded).toMatchObject({ causationId: command.commandId, correlationId: 'corr-7', metadata: { actor: 'tester' }, position: result.position });
  });

  it('a reaction continues the correlation of its cause: correlation and causation given per command, still idempotent', async () => {
    const id = uuidv7();
    await repository.handle(id, open());
    const command = increment(4);
    const options = { correlationId: 'saga-42', causationId: 'event-that-caused-it' };
    const first = await repository.handle(id, command, options);
    await repository.handle(id, increment(1));
    // Redelivered: recognised by its deterministic event ids, although causationId is not the commandId.
    const again = await repository.handle(id, command, options);
    expect(again).toEqual({ ...first, duplicate: true });
    const recorded = await store.readEvent(`counter-${id}`, commandEventId(command.commandId, 0));
    expect(recorded).toMatchObject({ correlationId: 'saga-42', causationId: 'event-that-caused-it', metadata: { actor: 'tester' } });
    expect((await repository.load(id)).state.total).toBe(5);
  });

  it('a rejected command writes nothing and publishes nothing', async () => {
    await handling(repository, store)
      .givenStream(uuidv7(), [{ type: 'CounterOpened', data: { limit: 1 } }])
      .when(increment(2))
      .thenThrows(CounterLimitReachedError);
    expect(published).toEqual([]);
  });

  it('given-when-then against the real store', async () => {
    await handling(repository, store)
      .givenStream(uuidv7(), [{ type: 'CounterOpened', data: { limit: 10 } }])
      .when(increment(4))
      .then({ type: 'CounterIncremented', data: { by: 4, total: 4 } });
  });

  it('reads v1 and v2 events stored raw as the current v3 shape', async () => {
    const id = uuidv7();
    await store.appendToStream(`counter-${id}`, [
      { type: 'CounterOpened', data: { limit: 100 } },
      { type: 'CounterIncremented', schemaVersion: 1, data: { amount: 4 } },
      { type: 'CounterIncremented', schemaVersion: 2, data: { by: 6 } },
    ]);
    const { state } = await repository.load(id);
    expect(state).toEqual({ open: true, limit: 100, total: 10, increments: 2 });
    const result = await repository.handle(id, increment(1));
    expect(result.events).toEqual([{ type: 'CounterIncremented', data: { by: 1, total: 11 } }]);
    const [latest] = await collectBackwards(store, `counter-${id}`);
    expect(latest.schemaVersion).toBe(3);
  });

  it('with the revision the caller saw: a stale one is a WrongExpectedRevisionError with the actual revision, not retried', async () => {
    const id = uuidv7();
    await repository.handle(id, open());
    await repository.handle(id, increment(1));
    const ok = await repository.handle(id, increment(1), { expectedRevision: 1n });
    expect(ok.revision).toBe(2n);
    const stale = await repository.handle(id, increment(1), { expectedRevision: 1n }).catch((e: unknown) => e);
    expect(stale).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', expected: 1n, actual: 2n });
    expect((await repository.load(id)).state.total).toBe(2);
  });

  it('gives up with a typed ConcurrencyConflictError when the stream keeps moving', async () => {
    const id = uuidv7();
    await repository.handle(id, open());
    // Every append is preceded by a competing one, so the loaded revision is always stale.
    const racing = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop !== 'appendToStream') return Reflect.get(target, prop, receiver);
        return async (...args: Parameters<PostgresEventStore['appendToStream']>) => {
          await target.appendToStream(args[0], [{ type: 'CounterIncremented', schemaVersion: 3, data: { by: 1, total: 0 } }]);
          return target.appendToStream(...args);
        };
      },
    });
    const impatient = new EventSourcedRepository(
      { category: 'counter', decider: counterDecider },
      { store: racing, registry, retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 1 } },
    );
    const error = await impatient.handle(id, increment()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrencyConflictError);
    expect(error).toMatchObject({ code: 'CONCURRENCY_CONFLICT', attempts: 3, streamId: `counter-${id}` });
    expect((await repository.load(id)).state.increments).toBe(3); // only the three competing appends landed
  });

  it('time travel: the state folded up to any revision, latest by default, nothing before the start', async () => {
    const id = uuidv7();
    await repository.handle(id, open());
    await repository.handle(id, increment(2));
    await repository.handle(id, increment(3));
    expect((await repository.stateAt(id, 0n)).state).toMatchObject({ total: 0 });
    const middle = await repository.stateAt(id, 1n);
    expect(middle).toMatchObject({ revision: 1n, state: { total: 2 } });
    expect(middle.last?.recorded.revision).toBe(1n);
    expect(await repository.stateAt(id)).toMatchObject({ revision: 2n, state: { total: 5 } });
    expect((await repository.stateAt(id, 99n)).revision).toBe(2n);
    expect((await repository.stateAt(uuidv7())).revision).toBeUndefined();
  });
});

async function collectBackwards(store: PostgresEventStore, streamId: string) {
  const events = [];
  for await (const e of store.readStream(streamId, { direction: 'backwards', maxCount: 1 })) events.push(e);
  return events;
}
