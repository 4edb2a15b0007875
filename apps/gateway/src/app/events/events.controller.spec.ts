import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import type { EventStore, RecordedEvent, SubscribeToAllOptions, Subscription } from '@chronicle/event-store';
import type { GatewayRequest } from '../http/gateway-request';
import { EventsController } from './events.controller';

const recorded = (position: bigint): RecordedEvent => ({
  eventId: `e${position}`,
  type: 'UserCreated',
  schemaVersion: 1,
  streamId: 'user-1',
  revision: 0n,
  position,
  recordedAt: new Date(0),
  data: {},
  metadata: {},
});

/** A store whose subscription hands out the given events, then waits (live) until stopped or aborted. */
function fakeStore(events: RecordedEvent[]) {
  const calls: SubscribeToAllOptions[] = [];
  let stopped = false;
  const store = {
    subscribeToAll(options: SubscribeToAllOptions): Subscription {
      calls.push(options);
      return {
        async *[Symbol.asyncIterator]() {
          yield* events;
          await new Promise<void>((resolve) => options.signal?.addEventListener('abort', () => resolve()));
        },
        async stop() {
          stopped = true;
        },
      };
    },
  } as unknown as EventStore;
  return { store, calls, isStopped: () => stopped };
}

function fakeResponse() {
  const res = Object.assign(new EventEmitter(), {
    written: [] as string[],
    status: () => res,
    set: () => res,
    flushHeaders: () => undefined,
    write: (chunk: string) => (res.written.push(chunk), true),
    end: () => res.emit('ended'),
  });
  return res;
}

describe('EventsController', () => {
  it('resumes after Last-Event-ID, writes one frame per event, and stops the subscription when the client goes away', async () => {
    const { store, calls, isStopped } = fakeStore([recorded(5n), recorded(9n)]);
    const res = fakeResponse();
    const req = { headers: { 'last-event-id': '4' }, query: {} } as unknown as GatewayRequest;
    const streaming = new EventsController(store).stream('user', req, res as unknown as Response);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls[0]).toMatchObject({ fromPosition: 4n, filter: { categories: ['user'] } });
    expect(res.written.filter((w) => w.startsWith('id:')).map((w) => w.split('\n')[0])).toEqual(['id: 5', 'id: 9']);
    res.emit('close');
    await streaming;
    expect(isStopped()).toBe(true);
  });

  it('ends open streams on shutdown, so the server can close', async () => {
    const { store } = fakeStore([]);
    const controller = new EventsController(store);
    const res = fakeResponse();
    const streaming = controller.stream('user', { headers: {}, query: {} } as unknown as GatewayRequest, res as unknown as Response);
    await new Promise((resolve) => setImmediate(resolve));
    controller.beforeApplicationShutdown();
    await expect(streaming).resolves.toBeUndefined();
  });

  it('rejects a bad category or Last-Event-ID', async () => {
    const controller = new EventsController(fakeStore([]).store);
    const res = fakeResponse() as unknown as Response;
    await expect(controller.stream('User; DROP', { headers: {}, query: {} } as unknown as GatewayRequest, res)).rejects.toMatchObject({ status: 400 });
    await expect(controller.stream('user', { headers: { 'last-event-id': 'x' }, query: {} } as unknown as GatewayRequest, res)).rejects.toMatchObject({ status: 400 });
  });
});
