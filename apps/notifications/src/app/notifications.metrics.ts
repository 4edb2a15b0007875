import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@chronicle/observability';
import { Gauge } from 'prom-client';
import type { DeliveryStatus } from './deliveries/delivery';
import type { ChannelState } from './dispatch/channel-dispatcher';
import { Dispatchers } from './dispatch/dispatchers';

const STATUSES: readonly DeliveryStatus[] = ['pending', 'sent', 'parked', 'skipped'];
const CHANNEL_STATES: readonly ChannelState[] = ['active', 'standby', 'degraded', 'stopped'];

/** Deliveries by channel and state (read from the outbox at scrape time) and each channel's dispatcher state. */
@Injectable()
export class NotificationsMetrics {
  constructor(dispatchers: Dispatchers, metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    new Gauge({
      name: 'chronicle_notification_deliveries',
      help: 'Deliveries in the outbox by channel and state (pending, sent, parked, skipped)',
      labelNames: ['channel', 'state'],
      registers,
      async collect() {
        const counts = await dispatchers.store.counts();
        for (const [channel, byStatus] of Object.entries(counts)) {
          for (const state of STATUSES) this.set({ channel, state }, byStatus[state]);
        }
      },
    });
    new Gauge({
      name: 'chronicle_notification_channel_state',
      help: "State of this process's dispatcher of a channel: 1 for the current state (degraded: the breaker is not closed)",
      labelNames: ['channel', 'state'],
      registers,
      collect() {
        for (const status of dispatchers.status()) {
          for (const state of CHANNEL_STATES) this.set({ channel: status.channel, state }, status.state === state ? 1 : 0);
        }
      },
    });
  }
}
