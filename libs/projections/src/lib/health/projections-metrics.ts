import { Gauge, Histogram, register as globalRegistry, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { Projections } from '../projections';
import { observeBatches } from '../runner/batch-observers';
import { LAG_EVENTS_SCAN, type ProjectionState, type ProjectionStatus } from './projection-status';

const STATES: readonly ProjectionState[] = ['catching-up', 'live', 'stalled', 'failed'];

/**
 * Prometheus metrics of the projections: gauges of their health, read from status() at scrape
 * time (one read serves all gauges of a scrape): lag in events, positions and seconds, state,
 * dead-letter depth; and a histogram of batch durations (with `dataSource`, the runtime's).
 */
export class ProjectionsMetrics {
  private inFlight: Promise<ProjectionStatus[]> | undefined;

  constructor(
    private readonly projections: Projections,
    registry: Registry = globalRegistry,
    dataSource?: DataSource,
  ) {
    const registers = [registry];
    const labelNames = ['projection', 'partition'] as const;
    const read = (): Promise<ProjectionStatus[]> => this.statuses();
    new Gauge({
      name: 'chronicle_projection_lag_events',
      help: `Handled events after the partition checkpoint (counted up to ${LAG_EVENTS_SCAN})`,
      labelNames,
      registers,
      async collect() {
        this.reset();
        for (const s of await read()) this.set(labels(s), s.lagEvents);
      },
    });
    new Gauge({
      name: 'chronicle_projection_lag_positions',
      help: 'Global positions between the event store head and the partition checkpoint',
      labelNames,
      registers,
      async collect() {
        this.reset();
        for (const s of await read()) this.set(labels(s), Number(s.lagPositions));
      },
    });
    new Gauge({
      name: 'chronicle_projection_lag_seconds',
      help: 'Age of the oldest event the partition has not applied yet',
      labelNames,
      registers,
      async collect() {
        this.reset();
        for (const s of await read()) this.set(labels(s), s.lagSeconds);
      },
    });
    new Gauge({
      name: 'chronicle_projection_state',
      help: 'State of the partition: 1 for the current state, 0 for the others',
      labelNames: [...labelNames, 'state'],
      registers,
      async collect() {
        this.reset();
        for (const s of await read()) for (const state of STATES) this.set({ ...labels(s), state }, s.state === state ? 1 : 0);
      },
    });
    new Gauge({
      name: 'chronicle_projection_dlq_depth',
      help: 'Events parked in the dead-letter table',
      labelNames,
      registers,
      async collect() {
        this.reset();
        for (const s of await read()) this.set(labels(s), s.dlqDepth);
      },
    });
    if (dataSource) {
      const batches = new Histogram({
        name: 'chronicle_projection_batch_duration_seconds',
        help: 'Batches applied with their checkpoint (one transaction), by outcome',
        labelNames: [...labelNames, 'outcome'],
        buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers,
      });
      observeBatches(dataSource, (batch) => {
        for (const partition of batch.partitions) batches.observe({ projection: batch.projection, partition: String(partition), outcome: batch.outcome }, batch.seconds);
      });
    }
  }

  /** The registry collects all gauges concurrently: they share one status() read per scrape. */
  private statuses(): Promise<ProjectionStatus[]> {
    this.inFlight ??= this.projections.status().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }
}

const labels = (s: ProjectionStatus): { projection: string; partition: string } => ({
  projection: s.projection,
  partition: String(s.partition),
});
