import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * How often the event-loop lag histogram samples (prom-client's default is 10 ms). Each sample
 * wakes the process: at 10 ms that is ~200 wake-ups a second, most of an idle app's CPU. At
 * 100 ms a blocked loop still shows in the lag figures, at a tenth of the wake-ups.
 */
const EVENT_LOOP_MONITORING_PRECISION_MS = 100;

/**
 * The Prometheus registry of one app instance: every metric of the app registers here and
 * GET /metrics serves it. One per app (not prom-client's global one), so several apps in one
 * process (tests) never clash over metric names.
 */
export class MetricsRegistry {
  readonly registry = new Registry();

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: EVENT_LOOP_MONITORING_PRECISION_MS });
  }

  /** The text exposition format, every collect() of the app's gauges run. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
