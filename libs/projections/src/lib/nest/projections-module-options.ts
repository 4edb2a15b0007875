import type { ProjectionsOptions } from '../projections';
import type { Registry } from 'prom-client';

export const PROJECTIONS_MODULE_OPTIONS = Symbol('chronicle:projections-module-options');

export interface ProjectionsModuleOptions extends Omit<ProjectionsOptions, 'projections'> {
  /** Run the leased partitions from bootstrap (default). false: only queries, dead letters, rebuilds. */
  autoStart?: boolean;
  /** Registry of the Prometheus gauges. Default: prom-client's global registry. */
  metricsRegistry?: Registry;
}
