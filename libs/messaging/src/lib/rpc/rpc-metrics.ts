import type { MetricsRegistry } from '@chronicle/observability';
import { Histogram } from 'prom-client';

/** How long a service takes to answer its messages, by pattern and outcome (ok, or the error code sent back). */
export class RpcMetrics {
  private readonly handling: Histogram<'pattern' | 'outcome'>;

  constructor(metrics: MetricsRegistry) {
    this.handling = new Histogram({
      name: 'chronicle_rpc_server_duration_seconds',
      help: 'Messages handled by this service (request/response), by pattern and outcome: ok or the error code answered',
      labelNames: ['pattern', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [metrics.registry],
    });
  }

  observe(pattern: string, outcome: string, seconds: number): void {
    this.handling.observe({ pattern, outcome }, seconds);
  }
}
