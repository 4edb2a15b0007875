import type { EventRegistration } from '@chronicle/event-sourcing';
import type { EventStore, JsonObject, RecordedEvent } from '@chronicle/event-store';
import { useTestDatabase } from '@chronicle/testing';
import { z } from 'zod';
import { Projections } from '../projections';
import { createFixtureRuntime, type FixtureRuntime } from '../testing-fixtures/fixture-runtime';
import { defineReactor } from './reactor-definition';
import type { ReactionContext, TimerContext } from './reactor-types';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const NAMESPACE = '5d1c8f2a-7b3e-4c9d-a1f0-6e2b8c4d9a17';
/** The reminder is due a minute after Placed, except for the orders of the timer tests. */
const reminderDelayMs = (orderId: string) => (['t', 'late'].includes(orderId) ? 200 : 60_000);

/** v2 of Placed carries `quantity`; v1 (stored before) had none and reads as quantity 1. */
const placed: EventRegistration = {
  type: 'Placed',
  schemaVersion: 2,
  schema: z.object({ orderId: z.string(), quantity: z.number().int().positive() }),
  upcasters: { 1: (data) => ({ ...(data as object), quantity: 1 }) },
  producer: 'test',
};
const closed: EventRegistration = { type: 'Closed', schemaVersion: 1, schema: z.object({ orderId: z.string() }), producer: 'test' };

type PlacedEvent = { type: 'Placed'; data: { orderId: string; quantity: number } };
type ClosedEvent = { type: 'Closed'; data: { orderId: string } };

interface Observed {
  openTransactions: number[];
  commands: string[];
}

/**
 * The test reactor: each Placed "sends a command" (an append with the command id as event id:
 * idempotent like a repository command), remembers the quantity, and schedules a reminder;
 * Closed releases what Placed remembered and cancels the reminder.
 */
function testReactor(store: EventStore, observed: Observed, hooks: { failFirst?: Map<string, { code?: string; times: number }> } = {}) {
  const command = async (ctx: ReactionContext | TimerContext, streamId: string, type: string, data: JsonObject) => {
    const { rows } = (await (store as unknown as { pool: { query(sql: string): Promise<{ rows: { n: number }[] }> } }).pool.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND xact_start IS NOT NULL AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()`,
    ));
    observed.openTransactions.push(rows[0]?.n ?? -1);
    const id = ctx.commandId();
    observed.commands.push(id);
    await store.appendToStream(streamId, [{ id, type, data, metadata: { ...ctx.causation } }]);
  };
  const maybeFail = (orderId: string) => {
    const failure = hooks.failFirst?.get(orderId);
    if (failure && failure.times-- > 0) throw Object.assign(new Error(`induced failure of ${orderId}`), failure.code ? { code: failure.code } : {});
  };
  return defineReactor({
    name: 'test_reactor',
    events: [placed, closed],
    commandIdNamespace: NAMESPACE,
    holdKey: (event) => `order:${(event.data as { orderId: string }).orderId}`,
    reactions: [
      {
        on: 'Placed',
        name: 'reserve-when-placed',
        run: {
          async react(ctx: ReactionContext<PlacedEvent>) {
            maybeFail(ctx.event.data.orderId);
            await command(ctx, `effect-${ctx.event.data.orderId}`, 'Reserved', { quantity: ctx.event.data.quantity });
            ctx.state.set(ctx.event.data.orderId, { quantity: ctx.event.data.quantity });
            ctx.timers.schedule({ kind: 'reminder', key: ctx.event.data.orderId, dueAt: new Date(ctx.recorded.recordedAt.getTime() + reminderDelayMs(ctx.event.data.orderId)), data: { orderId: ctx.event.data.orderId } });
          },
        },
      },
      {
        on: 'Closed',
        name: 'release-when-closed',
        run: {
          async react(ctx: ReactionContext<ClosedEvent>) {
            maybeFail(`${ctx.event.data.orderId}/closed`);
            const held = await ctx.state.get<{ quantity: number }>(ctx.event.data.orderId);
            if (!held) return;
            await command(ctx, `effect-${ctx.event.data.orderId}`, 'Released', { quantity: held.quantity });
            ctx.state.delete(ctx.event.data.orderId);
            ctx.timers.cancel('reminder', ctx.event.data.orderId);
          },
        },
      },
    ],
    timers: [
      {
        kind: 'reminder',
        name: 'remind-when-due',
        run: {
          async fire(ctx: TimerContext) {
            await command(ctx, `effect-${ctx.timer.key}`, 'Reminded', {});
          },
        },
      },
    ],
  });
}

async function effectsOf(store: EventStore, orderId: string): Promise<string[]> {
  const types: string[] = [];
  for await (const event of store.readStream(`effect-${orderId}`)) types.push(event.type);
  return types;
}

/** A runtime (a process, in effect) running the test reactor. */
function startReactorRuntime(runtime: FixtureRuntime, observed: Observed, failFirst: Map<string, { code?: string; times: number }>): Projections {
  return new Projections({
    eventStore: runtime.store,
    dataSource: runtime.dataSource,
    projections: [testReactor(runtime.store, observed, { failFirst })],
    batchSize: 20,
    maxWaitMs: 5,
    leaseIntervalMs: 200,
    retry: { maxAttempts: 2, initialDelayMs: 5, maxDelayMs: 20 },
    timers: { pollMs: 50 },
  });
}

describe('reactors: events in, commands out', () => {
  const db = useTestDatabase();
  let runtime: FixtureRuntime;
  const observed: Observed = { openTransactions: [], commands: [] };
  const failFirst = new Map<string, { code?: string; times: number }>();

  beforeAll(async () => {
    runtime = await createFixtureRuntime(db.connectionString, { projections: [] });
    runtime.projections = startReactorRuntime(runtime, observed, failFirst);
    await runtime.projections.start();
  });
  afterAll(async () => {
    await runtime.projections.stop(); // the one running now (close() stops the fixture's own)
    await runtime.close();
  });

  const append = (orderId: string, type: string, data: JsonObject, schemaVersion = type === 'Placed' ? 2 : 1) =>
    runtime.store.appendToStream(`order-${orderId}`, [{ type, data: { orderId, ...data }, schemaVersion }]);
  const reacted = (position: bigint) => runtime.projections.waitForPosition('test_reactor', position, 10_000);

  it('reacts to each event once, outside any transaction, with deterministic command ids, correlation and causation', async () => {
    const { position } = await runtime.store.appendToStream('order-a', [{ type: 'Placed', schemaVersion: 2, data: { orderId: 'a', quantity: 2 }, metadata: { correlationId: 'saga-a' } }]);
    await reacted(position);
    const [effect] = await collect(runtime.store.readStream('effect-a'));
    expect(effect).toMatchObject({ type: 'Reserved', data: { quantity: 2 }, correlationId: 'saga-a' });
    expect(effect?.causationId).toBeDefined();
    expect(observed.openTransactions.every((n) => n === 0)).toBe(true);
  });

  it('reads an old event version through its upcaster', async () => {
    const { position } = await append('old', 'Placed', {}, 1);
    await reacted(position);
    const [effect] = await collect(runtime.store.readStream('effect-old'));
    expect(effect?.data).toEqual({ quantity: 1 });
  });

  it('keeps state across events, batches and restarts; a redelivered event sends the same command, which changes nothing', async () => {
    await reacted((await append('b', 'Placed', { quantity: 3 })).position);
    const closedAt = await append('b', 'Closed', {});
    await reacted(closedAt.position);
    expect(await effectsOf(runtime.store, 'b')).toEqual(['Reserved', 'Released']);

    // Redelivery of everything (a crash before the checkpoint, a reset): same ids, nothing new.
    const before = observed.commands.length;
    await runtime.projections.stop();
    await runtime.dataSource.query(`UPDATE chronicle_projections.projection_checkpoints SET position = 0 WHERE projection = 'test_reactor'`);
    await runtime.dataSource.query(`DELETE FROM chronicle_projections.reactor_state WHERE reactor = 'test_reactor'`);
    runtime.projections = startReactorRuntime(runtime, observed, failFirst);
    await runtime.projections.start();
    await reacted(closedAt.position);
    expect(observed.commands.length).toBeGreaterThan(before);
    expect(await effectsOf(runtime.store, 'b')).toEqual(['Reserved', 'Released']);
  });

  it('fires a durable timer once it is due, and not after it was cancelled', async () => {
    await reacted((await append('t', 'Placed', { quantity: 1 })).position);
    for (const deadline = Date.now() + 5_000; !(await effectsOf(runtime.store, 't')).includes('Reminded'); await sleep(50)) {
      if (Date.now() > deadline) throw new Error('the reminder never fired');
    }
    await runtime.projections.fireDueTimers('test_reactor');
    expect(await effectsOf(runtime.store, 't')).toEqual(['Reserved', 'Reminded']);
    const [{ n }] = (await runtime.dataSource.query(`SELECT count(*)::int AS n FROM chronicle_projections.reactor_timers WHERE key = 't'`)) as { n: number }[];
    expect(n).toBe(0);

    // Placed then Closed before the reminder is due: it is gone, and never fires.
    await reacted((await append('c', 'Placed', { quantity: 1 })).position);
    const [{ scheduled }] = (await runtime.dataSource.query(`SELECT count(*)::int AS scheduled FROM chronicle_projections.reactor_timers WHERE key = 'c'`)) as { scheduled: number }[];
    expect(scheduled).toBe(1);
    await reacted((await append('c', 'Closed', {})).position);
    const [{ left }] = (await runtime.dataSource.query(`SELECT count(*)::int AS left FROM chronicle_projections.reactor_timers WHERE key = 'c'`)) as { left: number }[];
    expect(left).toBe(0);
    await runtime.projections.fireDueTimers('test_reactor');
    expect(await effectsOf(runtime.store, 'c')).toEqual(['Reserved', 'Released']);
  });

  it('an outage (a transient failure) is retried from the checkpoint, never parked', async () => {
    failFirst.set('flaky', { code: 'SERVICE_UNAVAILABLE', times: 4 });
    await reacted((await append('flaky', 'Placed', { quantity: 1 })).position);
    expect(await effectsOf(runtime.store, 'flaky')).toEqual(['Reserved']);
    expect(await runtime.projections.listDeadLetters('test_reactor')).toEqual([]);
  });

  it('parks a poison event, holds back only its key, and a retry applies it and what waited behind it', async () => {
    failFirst.set('poison', { times: 2 });
    // In one append, so in one batch: the poison event and the one held behind it are parked together.
    await runtime.store.appendToStream('order-poison', [
      { type: 'Placed', schemaVersion: 2, data: { orderId: 'poison', quantity: 1 } },
      { type: 'Closed', data: { orderId: 'poison' } },
    ]);
    await reacted((await append('healthy', 'Placed', { quantity: 1 })).position);
    expect(await effectsOf(runtime.store, 'healthy')).toEqual(['Reserved']);
    const parked = await runtime.projections.listDeadLetters('test_reactor');
    expect(parked.map((d) => [d.event.type, d.status])).toEqual([
      ['Placed', 'failed'],
      ['Closed', 'held'],
    ]);
    expect(await effectsOf(runtime.store, 'poison')).toEqual([]);

    const resolution = await runtime.projections.retryDeadLetter('test_reactor', parked[0]?.id ?? '');
    expect(resolution).toMatchObject({ applied: 2, failed: undefined, stillParked: 0 });
    expect(await effectsOf(runtime.store, 'poison')).toEqual(['Reserved', 'Released']);
    expect(await runtime.projections.listDeadLetters('test_reactor')).toEqual([]);
  });

  it("a held key holds back its timers: a reminder due while the key's next event is parked waits, and the retried event cancels it", async () => {
    // Placed reacts (its reminder is due in 200 ms) and Closed fails, in one batch: the reminder and the dead letter commit together.
    failFirst.set('late/closed', { times: 2 });
    await runtime.store.appendToStream('order-late', [
      { type: 'Placed', schemaVersion: 2, data: { orderId: 'late', quantity: 1 } },
      { type: 'Closed', data: { orderId: 'late' } },
    ]);
    await reacted((await append('other', 'Placed', { quantity: 1 })).position);
    const [parked] = await runtime.projections.listDeadLetters('test_reactor');
    expect(parked?.event.type).toBe('Closed');
    await sleep(600); // the reminder (due 200 ms after Placed) is long due; the poller runs every 50 ms
    await runtime.projections.fireDueTimers('test_reactor');
    expect(await effectsOf(runtime.store, 'late')).toEqual(['Reserved']);

    await runtime.projections.retryDeadLetter('test_reactor', parked?.id ?? '');
    await sleep(200);
    expect(await effectsOf(runtime.store, 'late')).toEqual(['Reserved', 'Released']);
    const [{ n }] = (await runtime.dataSource.query(`SELECT count(*)::int AS n FROM chronicle_projections.reactor_timers WHERE key = 'late'`)) as { n: number }[];
    expect(n).toBe(0);
  });

  it('a confirmed reset re-delivers from the position, and the repeated commands change nothing', async () => {
    const head = await runtime.store.headPosition();
    await reacted(head);
    const effectsBefore = await effectsOf(runtime.store, 'b');
    const dry = await runtime.projections.admin.reset('test_reactor', 0n, { confirm: false });
    const done = await runtime.projections.admin.reset('test_reactor', 0n, { confirm: true });
    expect(done.reapplied).toBe(dry.reapplied);
    expect(done.effects.join(' ')).toContain('reserve-when-placed');
    await reacted(head);
    expect(await effectsOf(runtime.store, 'b')).toEqual(effectsBefore);
  });

  it('refuses a rebuild: a reactor has no read model', async () => {
    await expect(runtime.projections.rebuild('test_reactor')).rejects.toMatchObject({ code: 'PROJECTION_DEFINITION_INVALID' });
  });
});

async function collect(events: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}
