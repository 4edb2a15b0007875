import type { ProjectionsOptions } from '../projections';
import type { Registry } from 'prom-client';

export const PROJECTIONS_MODULE_OPTIONS = Symbol('chronicle:projections-module-options');

export interface ProjectionsModuleOptions extends Omit<ProjectionsOptions, 'projections'> {
  /** Run the leased partitions from bootstrap (default). false: only queries, dead letters, rebuilds. */
  autoStart?: boolean;
  /** Registry of the Prometheus metrics. Default: the app's (ObservabilityModule's MetricsRegistry), else prom-client's global one. */
  metricsRegistry?: Registry;
}
