import type { EventStore, Subscription } from '../event-store';
import type { RecordedEvent, SubscribeToAllOptions } from '../types';
import { event, newCategory, type AdapterUnderTest } from './event-store.conformance';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A subscription consumed in the background, with what it handed out and reported. */
function consume(store: EventStore, options: SubscribeToAllOptions) {
  const received: RecordedEvent[] = [];
  const caughtUp: bigint[] = [];
  const subscription: Subscription = store.subscribeToAll({
    ...options,
    onCaughtUp: (position) => {
      caughtUp.push(position);
      return options.onCaughtUp?.(position);
    },
  });
  const done = (async () => {
    for await (const e of subscription) received.push(e);
  })();
  return {
    received,
    caughtUp,
    lastCaughtUp: () => caughtUp[caughtUp.length - 1],
    async until(condition: () => boolean, what: string, timeoutMs = 10_000) {
      for (const deadline = Date.now() + timeoutMs; !condition(); await sleep(5)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      }
    },
    async stop() {
      await subscription.stop();
      await done;
    },
  };
}

/** The behaviour every adapter's subscriptions must have (the projections runtime builds on it). */
export function describeSubscriptionConformance(adapter: AdapterUnderTest): void {
  describe(`Subscription conformance: ${adapter.name}`, () => {
    let store: EventStore;
    beforeAll(async () => {
      store = await adapter.create();
    });
    afterAll(async () => {
      await store?.close();
      await adapter.dispose?.();
    });

    it('catches up, then delivers live events in order, and stops', async () => {
      const category = newCategory();
      const first = await store.appendToStream(`${category}-1`, [event('A'), event('B')]);
      const subscription = store.subscribeToAll({ filter: { categories: [category] } });
      const received: RecordedEvent[] = [];
      const consumer = (async () => {
        for await (const e of subscription) {
          received.push(e);
          if (received.length === 4) break;
        }
      })();
      await store.appendToStream(`${category}-2`, [event('C')]);
      const last = await store.appendToStream(`${category}-1`, [event('D')], { expectedRevision: first.nextRevision });
      await consumer;
      expect(received.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
      expect(received[3].position).toBe(last.position);
      await subscription.stop();
    });

    it('starts after a given position and ends when its signal aborts', async () => {
      const category = newCategory();
      const a = await store.appendToStream(`${category}-1`, [event('A')]);
      await store.appendToStream(`${category}-1`, [event('B')]);
      const controller = new AbortController();
      const received: string[] = [];
      const subscription = store.subscribeToAll({ fromPosition: a.position, filter: { categories: [category] }, signal: controller.signal });
      for await (const e of subscription) {
        received.push(e.type);
        controller.abort();
      }
      expect(received).toEqual(['B']);
    });

    it("from 'end' delivers only events appended after it started", async () => {
      const category = newCategory();
      await store.appendToStream(`${category}-1`, [event('Old')]);
      const live = consume(store, { fromPosition: 'end', filter: { categories: [category] } });
      await live.until(() => live.caughtUp.length > 0, 'caught up');
      await store.appendToStream(`${category}-1`, [event('New')]);
      await live.until(() => live.received.length === 1, 'the new event');
      await sleep(100);
      await live.stop();
      expect(live.received.map((e) => e.type)).toEqual(['New']);
    });

    it('reports onCaughtUp after the catch-up and again after live events, never below what it handed out', async () => {
      const category = newCategory();
      const caughtUpEvent = await store.appendToStream(`${category}-1`, [event('A'), event('B')]);
      const live = consume(store, { fromPosition: 'start', filter: { categories: [category] } });
      await live.until(() => (live.lastCaughtUp() ?? -1n) >= caughtUpEvent.position, 'caught up with the catch-up');
      expect(live.received.map((e) => e.type)).toEqual(['A', 'B']);
      const liveEvent = await store.appendToStream(`${category}-1`, [event('C')]);
      await live.until(() => (live.lastCaughtUp() ?? -1n) >= liveEvent.position, 'caught up with the live event');
      await live.stop();
      expect(live.received.map((e) => e.type)).toEqual(['A', 'B', 'C']);
      for (let i = 1; i < live.caughtUp.length; i++) expect(live.caughtUp[i]).toBeGreaterThanOrEqual(live.caughtUp[i - 1]);
    });

    it('reports onCaughtUp past events its filter passes over, so a filtered consumer can checkpoint beyond them', async () => {
      const category = newCategory();
      const live = consume(store, { fromPosition: await store.headPosition(), filter: { categories: [category] } });
      await live.until(() => live.caughtUp.length > 0, 'caught up');
      const skipped = await store.appendToStream(`${newCategory()}-1`, [event('NotMine')]);
      await live.until(() => (live.lastCaughtUp() ?? -1n) >= skipped.position, 'a position past the filtered-out event');
      await live.stop();
      expect(live.received).toEqual([]);
    });

    it('restarts from a checkpoint with nothing skipped and nothing repeated', async () => {
      const category = newCategory();
      for (let i = 0; i < 6; i++) await store.appendToStream(`${category}-${i % 2}`, [event('E', { i })]);
      const first = consume(store, { fromPosition: 'start', filter: { categories: [category] } });
      await first.until(() => first.received.length >= 3, 'three events');
      await first.stop();
      const checkpoint = first.received[2].position; // processed up to the third event
      await store.appendToStream(`${category}-0`, [event('E', { i: 6 })]);
      const second = consume(store, { fromPosition: checkpoint, filter: { categories: [category] } });
      await second.until(() => second.received.length >= 4, 'the remaining events');
      await sleep(100);
      await second.stop();
      expect(second.received.map((e) => (e.data as { i: number }).i)).toEqual([3, 4, 5, 6]);

      // Restarting from where a filtered consumer caught up repeats nothing either.
      const third = consume(store, { fromPosition: second.lastCaughtUp() ?? checkpoint, filter: { categories: [category] } });
      await third.until(() => third.caughtUp.length > 0, 'caught up');
      await third.stop();
      expect(third.received).toEqual([]);
    });

    it('filters by event type, by category, and by both', async () => {
      const [mine, other] = [newCategory(), newCategory()];
      await store.appendToStream(`${mine}-1`, [event('Wanted'), event('Unwanted')]);
      await store.appendToStream(`${other}-1`, [event('Wanted')]);
      const last = await store.appendToStream(`${mine}-2`, [event('Wanted')]);
      const run = async (options: SubscribeToAllOptions['filter']) => {
        const live = consume(store, { fromPosition: 'start', filter: options });
        await live.until(() => (live.lastCaughtUp() ?? -1n) >= last.position, 'caught up');
        await live.stop();
        return live.received.filter((e) => [mine, other].some((c) => e.streamId.startsWith(`${c}-`))).map((e) => `${e.streamId.split('-')[0] === mine ? 'mine' : 'other'}:${e.type}`);
      };
      expect(await run({ categories: [mine] })).toEqual(['mine:Wanted', 'mine:Unwanted', 'mine:Wanted']);
      expect(await run({ eventTypes: ['Wanted'] })).toEqual(['mine:Wanted', 'other:Wanted', 'mine:Wanted']);
      expect(await run({ categories: [mine], eventTypes: ['Wanted'] })).toEqual(['mine:Wanted', 'mine:Wanted']);
    });
  });
}
