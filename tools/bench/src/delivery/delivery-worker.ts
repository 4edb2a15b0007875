import { createPostgresEventStore, type PostgresEventStore, type Subscription } from '@chronicle/event-store';
import { serveWorker } from '../lib/worker';

export interface DeliveryWorkerInput {
  readonly connectionString: string;
  readonly category: string;
  readonly subscribers: number;
  /** Appends expected: the worker returns once every subscriber received them (or the deadline passed). */
  readonly expected: number;
  readonly deadlineMs: number;
}

/** Per subscriber: event id -> receipt time (ms since the epoch, sub-millisecond). */
export type DeliveryWorkerResult = Record<string, number>[];

const now = (): number => performance.timeOrigin + performance.now();

/**
 * The subscribers' process: each subscriber is its own store (own pool and LISTEN connection),
 * as separate services are, subscribed live to the category from the end of $all.
 */
async function run(input: DeliveryWorkerInput): Promise<DeliveryWorkerResult> {
  const stores: PostgresEventStore[] = [];
  const subscriptions: Subscription[] = [];
  const received: Record<string, number>[] = [];
  try {
    for (let i = 0; i < input.subscribers; i++) {
      stores.push(await createPostgresEventStore({ connectionString: input.connectionString, poolSize: 2, migrate: i === 0 }));
    }
    const done = stores.map(async (store) => {
      const times: Record<string, number> = {};
      received.push(times);
      const subscription = store.subscribeToAll({ fromPosition: 'end', filter: { categories: [input.category] } });
      subscriptions.push(subscription);
      let count = 0;
      for await (const event of subscription) {
        times[event.eventId] = now();
        if (++count >= input.expected) break;
      }
    });
    // Ready: the parent starts appending once every subscription has taken its start position.
    await new Promise((resolve) => setTimeout(resolve, 300));
    process.send?.({ ready: true });
    await Promise.race([Promise.all(done), new Promise((resolve) => setTimeout(resolve, input.deadlineMs))]);
    return received;
  } finally {
    await Promise.all(subscriptions.map((s) => s.stop()));
    await Promise.all(stores.map((s) => s.close()));
  }
}

serveWorker(run);
