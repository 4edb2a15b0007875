import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import {
  DuplicateEventIdError,
  EventValidationError,
  StreamDeletedError,
  WrongExpectedRevisionError,
} from '../errors';
import type { EventStore } from '../event-store';
import type { EventData, RecordedEvent } from '../types';

export interface AdapterUnderTest {
  name: string;
  /**
   * Whether an event id is unique across the whole store. EventStoreDB only deduplicates a
   * retry of the same ids at the same expected revision, so for it the suite checks that instead.
   */
  globallyUniqueEventIds: boolean;
  /** Returns a store; called once per suite. */
  create(): Promise<EventStore>;
  /** Called after the suite (drop databases, stop servers). */
  dispose?(): Promise<void>;
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

export const event = (type: string, data: Record<string, unknown> = {}, extra: Partial<EventData> = {}): EventData =>
  ({ type, data, ...extra }) as EventData;

/** Unique per test, so tests share one store without seeing each other's streams. */
export const newCategory = () => `c${randomUUID().replace(/-/g, '').slice(0, 12)}`;

/** The behaviour every EventStore adapter must have. */
export function describeEventStoreConformance(adapter: AdapterUnderTest): void {
  describe(`EventStore conformance: ${adapter.name}`, () => {
    let store: EventStore;
    beforeAll(async () => {
      store = await adapter.create();
    });
    afterAll(async () => {
      await store?.close();
      await adapter.dispose?.();
    });

    describe('expectedRevision', () => {
      it('no_stream creates a stream and rejects an existing one', async () => {
        const stream = `${newCategory()}-1`;
        const first = await store.appendToStream(stream, [event('A'), event('B')], { expectedRevision: 'no_stream' });
        expect(first.nextRevision).toBe(1n);
        await expect(store.appendToStream(stream, [event('C')], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
          code: 'WRONG_EXPECTED_REVISION',
          streamId: stream,
          expected: 'no_stream',
          actual: 1n,
        });
      });

      it('stream_exists rejects a missing stream and accepts an existing one', async () => {
        const stream = `${newCategory()}-1`;
        await expect(store.appendToStream(stream, [event('A')], { expectedRevision: 'stream_exists' })).rejects.toBeInstanceOf(
          WrongExpectedRevisionError,
        );
        await store.appendToStream(stream, [event('A')]);
        const result = await store.appendToStream(stream, [event('B')], { expectedRevision: 'stream_exists' });
        expect(result.nextRevision).toBe(1n);
      });

      it('an exact revision accepts the current one and rejects a stale one', async () => {
        const stream = `${newCategory()}-1`;
        await store.appendToStream(stream, [event('A'), event('B')]);
        const ok = await store.appendToStream(stream, [event('C')], { expectedRevision: 1n });
        expect(ok.nextRevision).toBe(2n);
        const error = await store.appendToStream(stream, [event('D')], { expectedRevision: 1n }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ expected: 1n, actual: 2n });
        await expect(store.appendToStream(`${newCategory()}-x`, [event('A')], { expectedRevision: 0n })).rejects.toMatchObject({
          actual: 'no_stream',
        });
      });

      it('any appends whatever the state, with revisions going on', async () => {
        const stream = `${newCategory()}-1`;
        expect((await store.appendToStream(stream, [event('A')], { expectedRevision: 'any' })).nextRevision).toBe(0n);
        expect((await store.appendToStream(stream, [event('B'), event('C')])).nextRevision).toBe(2n);
      });
    });

    describe('idempotent append', () => {
      it('re-appending the same ids at the same expected revision returns the original result and writes nothing', async () => {
        const stream = `${newCategory()}-1`;
        await store.appendToStream(stream, [event('A')]);
        const events = [event('B', { n: 1 }, { id: uuidv7() }), event('C', { n: 2 }, { id: uuidv7() })];
        const original = await store.appendToStream(stream, events, { expectedRevision: 0n });
        const retried = await store.appendToStream(stream, events, { expectedRevision: 0n });
        expect(retried).toEqual(original);
        const retriedAny = await store.appendToStream(stream, events, { expectedRevision: 'any' });
        expect(retriedAny).toEqual(original);
        expect((await collect(store.readStream(stream))).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      });

      if (adapter.globallyUniqueEventIds) {
        it('rejects an id reused for different content, writing nothing', async () => {
          const stream = `${newCategory()}-1`;
          const id = uuidv7();
          await store.appendToStream(stream, [event('A', { v: 1 }, { id })]);
          await expect(store.appendToStream(stream, [event('A', { v: 2 }, { id })], { expectedRevision: 0n })).rejects.toBeInstanceOf(
            DuplicateEventIdError,
          );
          await expect(store.appendToStream(`${newCategory()}-2`, [event('A', { v: 1 }, { id })])).rejects.toBeInstanceOf(
            DuplicateEventIdError,
          );
          expect(await collect(store.readStream(stream))).toHaveLength(1);
        });

        it('appends all events of one call atomically: a rejected call writes none of them', async () => {
          const stream = `${newCategory()}-1`;
          const taken = uuidv7();
          await store.appendToStream(`${newCategory()}-other`, [event('X', {}, { id: taken })]);
          await expect(store.appendToStream(stream, [event('A'), event('B', {}, { id: taken }), event('C')])).rejects.toBeInstanceOf(
            DuplicateEventIdError,
          );
          expect(await collect(store.readStream(stream))).toHaveLength(0);
          expect(await store.streamRevision(stream)).toBeUndefined();
        });
      }

      it('a call rejected on its expected revision writes none of its events', async () => {
        const stream = `${newCategory()}-1`;
        await store.appendToStream(stream, [event('A')]);
        await expect(store.appendToStream(stream, [event('B'), event('C')], { expectedRevision: 5n })).rejects.toBeInstanceOf(
          WrongExpectedRevisionError,
        );
        expect((await collect(store.readStream(stream))).map((e) => e.type)).toEqual(['A']);
      });
    });

    describe('readStream', () => {
      it('reads forwards and backwards, from a revision, with maxCount', async () => {
        const stream = `${newCategory()}-1`;
        await store.appendToStream(stream, Array.from({ length: 7 }, (_, i) => event(`E${i}`, { i })));
        const forwards = await collect(store.readStream(stream));
        expect(forwards.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n]);
        expect(forwards[3].data).toEqual({ i: 3 });
        const backwards = await collect(store.readStream(stream, { direction: 'backwards', maxCount: 3 }));
        expect(backwards.map((e) => e.revision)).toEqual([6n, 5n, 4n]);
        const from = await collect(store.readStream(stream, { fromRevision: 2n, maxCount: 2 }));
        expect(from.map((e) => e.revision)).toEqual([2n, 3n]);
        const backFrom = await collect(store.readStream(stream, { fromRevision: 2n, direction: 'backwards' }));
        expect(backFrom.map((e) => e.revision)).toEqual([2n, 1n, 0n]);
      });

      it('reads one event by id, only in its own stream', async () => {
        const stream = `${newCategory()}-1`;
        const id = uuidv7();
        await store.appendToStream(stream, [event('A'), event('B', { b: 1 }, { id })]);
        expect(await store.readEvent(stream, id)).toMatchObject({ eventId: id, revision: 1n, data: { b: 1 } });
        expect(await store.readEvent(`${newCategory()}-other`, id)).toBeUndefined();
        expect(await store.readEvent(stream, uuidv7())).toBeUndefined();
      });

      it('reads the timeline of a correlation id across streams, in position order', async () => {
        const correlationId = `corr-${uuidv7()}`;
        const a = `${newCategory()}-a`;
        const b = `${newCategory()}-b`;
        const tagged = (type: string) => event(type, {}, { metadata: { correlationId } });
        const first = await store.appendToStream(a, [tagged('OrderPlaced')]);
        await store.appendToStream(b, [event('Unrelated'), tagged('StockReserved')]);
        const last = await store.appendToStream(a, [tagged('OrderConfirmed')]);
        // EventStoreDB links events into `$bc-` streams asynchronously: give it a moment.
        let timeline = await store.readByCorrelationId(correlationId);
        for (let i = 0; i < 50 && timeline.length < 3; i++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          timeline = await store.readByCorrelationId(correlationId);
        }
        expect(timeline.map((e) => [e.streamId, e.type])).toEqual([
          [a, 'OrderPlaced'],
          [b, 'StockReserved'],
          [a, 'OrderConfirmed'],
        ]);
        expect(timeline[0].position).toBe(first.position);
        expect(timeline[2].position).toBe(last.position);
        expect(timeline.every((e) => e.correlationId === correlationId)).toBe(true);
        expect(await store.readByCorrelationId(correlationId, { maxCount: 2 })).toHaveLength(2);
        expect(await store.readByCorrelationId(`corr-${uuidv7()}`)).toEqual([]);
        await expect(store.readByCorrelationId('')).rejects.toBeInstanceOf(EventValidationError);
      });

      it('reads a missing stream as empty', async () => {
        expect(await collect(store.readStream(`${newCategory()}-missing`))).toEqual([]);
      });

      it('records ids, types, schema versions, correlation and free metadata', async () => {
        const stream = `${newCategory()}-1`;
        const id = uuidv7();
        const before = Date.now();
        const result = await store.appendToStream(stream, [
          event('UserCreated', { name: 'Ada' }, {
            id,
            schemaVersion: 2,
            metadata: { correlationId: 'corr-1', causationId: 'cmd-1', actor: 'admin', tenant: 't1' },
          }),
        ]);
        const [recorded] = await collect(store.readStream(stream));
        expect(recorded).toMatchObject<Partial<RecordedEvent>>({
          eventId: id,
          type: 'UserCreated',
          schemaVersion: 2,
          streamId: stream,
          revision: 0n,
          position: result.position,
          correlationId: 'corr-1',
          causationId: 'cmd-1',
          data: { name: 'Ada' },
          metadata: { actor: 'admin', tenant: 't1' },
        });
        expect(recorded.recordedAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
      });
    });

    describe('readAll', () => {
      it('returns events in increasing position order across streams, after a position', async () => {
        const category = newCategory();
        const appended: bigint[] = [];
        for (let i = 0; i < 5; i++) {
          appended.push((await store.appendToStream(`${category}-${i % 2}`, [event('T', { i })])).position);
        }
        const all = await collect(store.readAll({ filter: { categories: [category] } }));
        expect(all.map((e) => e.position)).toEqual(appended);
        const after = await collect(store.readAll({ fromPosition: appended[1], filter: { categories: [category] } }));
        expect(after.map((e) => e.position)).toEqual(appended.slice(2));
        const limited = await collect(store.readAll({ maxCount: 2, filter: { categories: [category] } }));
        expect(limited).toHaveLength(2);
      });

      it('filters by event type and by stream category', async () => {
        const users = newCategory();
        const orders = newCategory();
        await store.appendToStream(`${users}-1`, [event('UserCreated'), event('UserRenamed')]);
        await store.appendToStream(`${orders}-1`, [event('OrderPlaced'), event('UserRenamed')]);
        const byCategory = await collect(store.readAll({ filter: { categories: [users] } }));
        expect(byCategory.map((e) => e.type)).toEqual(['UserCreated', 'UserRenamed']);
        const both = await collect(store.readAll({ filter: { categories: [users, orders], eventTypes: ['UserRenamed'] } }));
        expect(both.map((e) => e.streamId)).toEqual([`${users}-1`, `${orders}-1`]);
      });

      it('headPosition is the position of the last readable event', async () => {
        const { position } = await store.appendToStream(`${newCategory()}-1`, [event('A')]);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(position);
      });
    });

    describe('deleting streams', () => {
      it('a soft-deleted stream reads as empty and a later append continues its revisions', async () => {
        const stream = `${newCategory()}-1`;
        await store.appendToStream(stream, [event('A'), event('B')]);
        await store.deleteStream(stream, { expectedRevision: 1n });
        expect(await collect(store.readStream(stream))).toEqual([]);
        expect(await store.streamRevision(stream)).toBeUndefined();
        const again = await store.appendToStream(stream, [event('C')], { expectedRevision: 'no_stream' });
        expect(again.nextRevision).toBe(2n);
        expect((await collect(store.readStream(stream))).map((e) => e.type)).toEqual(['C']);
      });

      it('a tombstoned stream refuses reads and appends', async () => {
        const stream = `${newCategory()}-1`;
        await store.appendToStream(stream, [event('A')]);
        await store.tombstoneStream(stream);
        await expect(store.appendToStream(stream, [event('B')])).rejects.toBeInstanceOf(StreamDeletedError);
        await expect(collect(store.readStream(stream))).rejects.toBeInstanceOf(StreamDeletedError);
      });

      it('delete checks the expected revision', async () => {
        const stream = `${newCategory()}-1`;
        await store.appendToStream(stream, [event('A')]);
        await expect(store.deleteStream(stream, { expectedRevision: 5n })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.streamRevision(stream)).toBe(0n);
      });
    });

    it('stores and returns stream metadata', async () => {
      const stream = `${newCategory()}-1`;
      expect(await store.getStreamMetadata(stream)).toBeUndefined();
      await store.setStreamMetadata(stream, { owner: 'identity', maxAgeDays: 30 });
      expect(await store.getStreamMetadata(stream)).toEqual({ owner: 'identity', maxAgeDays: 30 });
      await store.appendToStream(stream, [event('A')], { expectedRevision: 'no_stream' });
      expect(await store.streamRevision(stream)).toBe(0n);
    });

    describe('bad input is rejected with a typed error and writes nothing', () => {
      const cases: Array<[string, () => [string, EventData[]]]> = [
        ['an empty stream id', () => ['', [event('A')]]],
        ['an oversized stream id', () => ['s'.repeat(256), [event('A')]]],
        ['no events', () => [`${newCategory()}-1`, []]],
        ['an empty event type', () => [`${newCategory()}-1`, [event('')]]],
        ['a non-uuid event id', () => [`${newCategory()}-1`, [event('A', {}, { id: 'not-a-uuid' })]]],
        ['data that is not JSON (a function)', () => [`${newCategory()}-1`, [{ type: 'A', data: { f: () => 1 } as never }]]],
        ['data that is not JSON (NaN)', () => [`${newCategory()}-1`, [event('A', { n: Number.NaN })]]],
        ['data that is not JSON (a bigint)', () => [`${newCategory()}-1`, [event('A', { n: 1n })]]],
        ['data that is not JSON (a Date)', () => [`${newCategory()}-1`, [event('A', { at: new Date() })]]],
        ['a string with a NUL character', () => [`${newCategory()}-1`, [event('A', { s: 'a\u0000b' })]]],
        ['a string with a lone surrogate', () => [`${newCategory()}-1`, [event('A', { name: 'Ad\ud800a' })]]],
        ['a key with a lone surrogate', () => [`${newCategory()}-1`, [event('A', { ['k\udc00']: 1 })]]],
        ['free metadata with a lone surrogate', () => [`${newCategory()}-1`, [event('A', {}, { metadata: { actor: '\ud800' } })]]],
        ['free metadata with a NUL character', () => [`${newCategory()}-1`, [event('A', {}, { metadata: { actor: 'a\u0000' } })]]],
        ['a stream id with a lone surrogate', () => [`${newCategory()}-\ud800`, [event('A')]]],
        ['data nested 10,000 levels deep', () => [`${newCategory()}-1`, [event('A', { deep: JSON.parse('['.repeat(10_000) + ']'.repeat(10_000)) as unknown })]]],
        ['an event over the size limit', () => [`${newCategory()}-1`, [event('A', { s: 'x'.repeat(1024 * 1024 + 1) })]]],
        ['the same id twice in one append', () => {
          const id = uuidv7();
          return [`${newCategory()}-1`, [event('A', {}, { id }), event('B', {}, { id })]];
        }],
      ];
      it.each(cases)('%s', async (_name, input) => {
        const [stream, events] = input();
        const head = await store.headPosition();
        await expect(store.appendToStream(stream, events)).rejects.toBeInstanceOf(EventValidationError);
        if (stream) expect(await store.streamRevision(stream).catch(() => undefined)).toBeUndefined();
        expect(await store.headPosition()).toBe(head);
      });

      it('stream metadata with a NUL character or a lone surrogate', async () => {
        const stream = `${newCategory()}-1`;
        await expect(store.setStreamMetadata(stream, { owner: 'a\u0000' })).rejects.toBeInstanceOf(EventValidationError);
        await expect(store.setStreamMetadata(stream, { owner: '\ud800' })).rejects.toBeInstanceOf(EventValidationError);
        expect(await store.getStreamMetadata(stream)).toBeUndefined();
      });

      it('a circular object', async () => {
        const data: Record<string, unknown> = {};
        data['self'] = data;
        await expect(store.appendToStream(`${newCategory()}-1`, [event('A', data)])).rejects.toBeInstanceOf(EventValidationError);
      });
    });
  });
}
