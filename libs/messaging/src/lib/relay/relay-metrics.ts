import type { EventStore } from '@chronicle/event-store';
import type { MetricsRegistry } from '@chronicle/observability';
import { Counter, Gauge } from 'prom-client';
import type { EventRelay } from './event-relay';
import type { RelayState, RelayStatus } from './relay-status';

/** Integration events behind the checkpoint are counted up to this many, so a scrape stays cheap however far behind. */
export const RELAY_LAG_SCAN = 1_000;
const STATES: readonly RelayState[] = ['starting', 'standby', 'publishing', 'waiting-for-nats', 'retrying', 'stopped'];

/**
 * The relay's Prometheus metrics, read at scrape time: lag behind the store (integration events
 * not yet acknowledged by JetStream, and the age of the oldest), state, messages published.
 */
export class RelayMetrics {
  constructor(relay: EventRelay, store: EventStore, metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    const lag = async (): Promise<{ events: number; seconds: number }> => {
      const checkpoint = relay.status().checkpoint;
      let events = 0;
      let seconds = 0;
      const now = Date.now();
      const from = checkpoint === undefined ? 'start' : BigInt(checkpoint);
      for await (const event of store.readAll({ fromPosition: from, maxCount: RELAY_LAG_SCAN, filter: { eventTypes: relay.publishedTypes } })) {
        if (events === 0) seconds = Math.max(0, (now - event.recordedAt.getTime()) / 1000);
        events++;
      }
      return { events, seconds };
    };
    let inFlight: Promise<{ events: number; seconds: number }> | undefined;
    const read = () => (inFlight ??= lag().finally(() => (inFlight = undefined)));
    new Gauge({
      name: 'chronicle_relay_lag_events',
      help: `Integration events after the relay checkpoint, not yet acknowledged by JetStream (counted up to ${RELAY_LAG_SCAN})`,
      registers,
      async collect() {
        this.set((await read()).events);
      },
    });
    new Gauge({
      name: 'chronicle_relay_lag_seconds',
      help: 'Age of the oldest integration event not yet acknowledged by JetStream',
      registers,
      async collect() {
        this.set((await read()).seconds);
      },
    });
    new Gauge({
      name: 'chronicle_relay_state',
      help: 'State of the relay: 1 for the current state, 0 for the others',
      labelNames: ['state'],
      registers,
      collect() {
        const { state } = relay.status();
        for (const s of STATES) this.set({ state: s }, s === state ? 1 : 0);
      },
    });
    const counted = (name: string, help: string, value: (s: RelayStatus) => number) =>
      new Counter({
        name,
        help,
        registers,
        collect() {
          this.reset();
          this.inc(value(relay.status()));
        },
      });
    counted('chronicle_relay_published_total', 'Messages JetStream acknowledged since the relay started', (s) => s.published);
    counted('chronicle_relay_duplicates_total', 'Of those, resends JetStream dropped as duplicates', (s) => s.duplicates);
  }
}
