import { Gauge, register as globalRegistry, type Registry } from 'prom-client';
import type { Projections } from '../projections';
import type { ProjectionState, ProjectionStatus } from './projection-status';

const STATES: readonly ProjectionState[] = ['catching-up', 'live', 'stalled', 'failed'];

/**
 * Prometheus gauges of the projections' health, read from status() at scrape time (one read
 * serves all gauges of a scrape): lag in positions and seconds, state, dead-letter depth.
 */
export class ProjectionsMetrics {
  private inFlight: Promise<ProjectionStatus[]> | undefined;

  constructor(
    private readonly projections: Projections,
    registry: Registry = globalRegistry,
  ) {
    const registers = [registry];
    const labelNames = ['projection', 'partition'] as const;
    const read = (): Promise<ProjectionStatus[]> => this.statuses();
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
