import type { EventStore, RecordedEvent, SubscribeToAllOptions, Subscription } from '@chronicle/event-store';
import { BatchReader } from './batch-reader';

const event = (position: number, streamId = 's-1'): RecordedEvent => ({
  eventId: `e${position}`,
  type: 'T',
  schemaVersion: 1,
  streamId,
  revision: BigInt(position),
  position: BigInt(position),
  recordedAt: new Date(0),
  data: {},
  metadata: {},
});

type Step = { event: RecordedEvent } | { caughtUp: number } | { pauseMs: number };

/** A store whose subscription plays a script: events, caught-up reports and pauses. */
function scriptedStore(steps: Step[]): EventStore {
  const subscribeToAll = (options: SubscribeToAllOptions = {}): Subscription => {
    let stopped = false;
    async function* play(): AsyncGenerator<RecordedEvent> {
      for (const step of steps) {
        if (stopped) return;
        if ('event' in step) yield step.event;
        else if ('caughtUp' in step) await options.onCaughtUp?.(BigInt(step.caughtUp));
        else await new Promise((r) => setTimeout(r, step.pauseMs));
      }
      while (!stopped) await new Promise((r) => setTimeout(r, 5));
    }
    const iterator = play();
    return { [Symbol.asyncIterator]: () => iterator, stop: async () => void (stopped = true) };
  };
  return { subscribeToAll } as unknown as EventStore;
}

const reader = (steps: Step[], batchSize: number, maxWaitMs: number, accept = (_e: RecordedEvent) => true): BatchReader =>
  new BatchReader({ store: scriptedStore(steps), eventTypes: ['T'], from: 0n, accept, batchSize, maxWaitMs });

describe('BatchReader', () => {
  it('closes a batch at batchSize', async () => {
    const r = reader([1, 2, 3, 4, 5].map((p) => ({ event: event(p) })), 2, 10_000);
    expect((await r.next())?.events.map((e) => e.position)).toEqual([1n, 2n]);
    expect((await r.next())?.events.map((e) => e.position)).toEqual([3n, 4n]);
    await r.stop();
  });

  it('closes a batch maxWaitMs after its first event when no more come', async () => {
    const r = reader([{ event: event(1) }, { pauseMs: 300 }, { event: event(2) }], 100, 50);
    const started = Date.now();
    const batch = await r.next();
    expect(batch).toEqual({ events: [event(1)], position: 1n, caughtUp: false });
    expect(Date.now() - started).toBeLessThan(250);
    expect((await r.next())?.events).toEqual([event(2)]);
    await r.stop();
  });

  it('closes at once when the subscription caught up, at the caught-up position past filtered events', async () => {
    const r = reader([{ event: event(1) }, { event: event(2, 'other') }, { caughtUp: 9 }], 100, 10_000, (e) => e.streamId === 's-1');
    expect(await r.next()).toEqual({ events: [event(1)], position: 9n, caughtUp: true });
    await r.stop();
  });

  it('ends after stop()', async () => {
    const r = reader([], 10, 10);
    const pending = r.next();
    await r.stop();
    expect(await pending).toBeUndefined();
  });
});
