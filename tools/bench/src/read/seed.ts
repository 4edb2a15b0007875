import { createPostgresEventStore } from '@chronicle/event-store';
import { benchEvents } from '../lib/events';

export interface SeedOptions {
  readonly connectionString: string;
  readonly events: number;
  /** Events per append. */
  readonly batch: number;
  readonly writers: number;
  /** Append i goes to stream `order-<i % streams>`. */
  readonly streams: number;
}

export interface SeedResult {
  /** The schema holding the store's tables. */
  readonly schema: string;
  readonly appends: number;
  readonly seconds: number;
}

/** Fills a Chronicle store through appendToStream: `writers` concurrent appenders, `batch` events each. */
export async function seedChronicle(options: SeedOptions): Promise<SeedResult> {
  const store = await createPostgresEventStore({ connectionString: options.connectionString, poolSize: options.writers });
  const appends = Math.ceil(options.events / options.batch);
  let next = 0;
  let lastReport = 0;
  const t0 = performance.now();
  const writer = async (): Promise<void> => {
    for (let i = next++; i < appends; i = next++) {
      const first = i * options.batch;
      const count = Math.min(options.batch, options.events - first);
      await store.appendToStream(`order-${i % options.streams}`, benchEvents(first, count), { expectedRevision: 'any' });
      const done = first + count;
      if (done - lastReport >= options.events / 10) {
        lastReport = done;
        const seconds = (performance.now() - t0) / 1000;
        console.log(`  seeded ~${done.toLocaleString('en-US')} events (${Math.round(done / seconds).toLocaleString('en-US')} ev/s)`);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.writers }, () => writer()));
    return { schema: store.schema, appends, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await store.close();
  }
}
