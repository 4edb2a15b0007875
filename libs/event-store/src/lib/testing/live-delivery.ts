/** Test fixture: measures how long events take from an acknowledged append to a live subscriber. */
import { randomUUID } from 'node:crypto';
import type { EventStore } from '../event-store';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface DeliveryMeasurement {
  /** Milliseconds from each append's acknowledgement to its receipt; Infinity for one never received. */
  latencies: number[];
  p99: number;
  missing: number;
}

/**
 * Appends one event every `intervalMs` for `durationMs` through `writer` while `reader` (another
 * store instance: no in-process wake-up, as between services) is subscribed live, then waits up
 * to `graceMs` for the stragglers.
 */
export async function measureLiveDelivery(
  writer: EventStore,
  reader: EventStore,
  options: { durationMs: number; intervalMs: number; graceMs?: number },
): Promise<DeliveryMeasurement> {
  const category = `delivery${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const received = new Map<string, number>();
  const subscription = reader.subscribeToAll({ fromPosition: await reader.headPosition(), filter: { categories: [category] } });
  const consuming = (async () => {
    for await (const event of subscription) received.set(event.eventId, performance.now());
  })();
  const acknowledged = new Map<string, number>();
  for (const started = performance.now(); performance.now() - started < options.durationMs; await sleep(options.intervalMs)) {
    const id = randomUUID();
    await writer.appendToStream(`${category}-${acknowledged.size % 7}`, [{ id, type: 'Measured', data: {} }]);
    acknowledged.set(id, performance.now());
  }
  for (const deadline = Date.now() + (options.graceMs ?? 5_000); received.size < acknowledged.size && Date.now() < deadline; ) await sleep(10);
  await subscription.stop();
  await consuming;
  const latencies = [...acknowledged].map(([id, at]) => {
    const receivedAt = received.get(id);
    return receivedAt === undefined ? Number.POSITIVE_INFINITY : Math.max(0, receivedAt - at);
  });
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    latencies,
    p99: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? Number.NaN,
    missing: latencies.filter((l) => l === Number.POSITIVE_INFINITY).length,
  };
}
