import { Counter, Histogram, type Registry } from 'prom-client';
import { isWrongExpectedRevisionError } from '../errors';
import type { AppendObserver } from './append-instrumentation';

/** Prometheus metrics of a store's appends: latency by outcome, and concurrency conflicts. */
export class AppendMetrics implements AppendObserver {
  private readonly duration: Histogram<'outcome'>;
  private readonly conflicts: Counter;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'chronicle_event_store_append_duration_seconds',
      help: 'Appends to the event store (one call, one transaction), by outcome: ok, conflict (wrong expected revision) or error',
      labelNames: ['outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    this.conflicts = new Counter({
      name: 'chronicle_event_store_append_conflicts_total',
      help: 'Appends refused because the stream had moved on (WrongExpectedRevisionError); the repository retries them',
      registers: [registry],
    });
  }

  appended(seconds: number): void {
    this.duration.observe({ outcome: 'ok' }, seconds);
  }

  failed(seconds: number, error: unknown): void {
    const conflict = isWrongExpectedRevisionError(error);
    if (conflict) this.conflicts.inc();
    this.duration.observe({ outcome: conflict ? 'conflict' : 'error' }, seconds);
  }
}
