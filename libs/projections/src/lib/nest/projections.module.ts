import { Module, type DynamicModule, type ModuleMetadata, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { MetricsRegistry, readinessCheckProvider } from '@chronicle/observability';
import { ProjectionsHealthIndicator } from '../health/projections-health.indicator';
import { ProjectionsMetrics } from '../health/projections-metrics';
import { Projections } from '../projections';
import { ProjectionsLifecycle } from './projections-lifecycle';
import { subscriptionsAdminController } from './subscriptions-admin.controller';
import { PROJECTIONS_MODULE_OPTIONS, type ProjectionsModuleOptions } from './projections-module-options';

export interface ProjectionsModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  /** Serve the operators' actions on these subscriptions over RPC, as this service (patterns `<service>.admin.*`). */
  admin?: { service: string };
  inject?: unknown[];
  useFactory: (...args: never[]) => ProjectionsModuleOptions | Promise<ProjectionsModuleOptions>;
}

/**
 * `forRoot` / `forRootAsync` once (event store, DataSource, tuning), `forFeature([...])` in the
 * modules that declare @Projection classes. Provides Projections, ProjectionsHealthIndicator
 * and ProjectionsMetrics (on the app's MetricsRegistry), and adds `projections` to the app's readiness.
 */
@Module({})
export class ProjectionsModule {
  static forRoot(options: ProjectionsModuleOptions): DynamicModule {
    return ProjectionsModule.forRootAsync({ useFactory: () => options });
  }

  static forRootAsync(options: ProjectionsModuleAsyncOptions): DynamicModule {
    return {
      module: ProjectionsModule,
      global: true,
      imports: [...(options.imports ?? []), DiscoveryModule, TerminusModule],
      controllers: options.admin ? [subscriptionsAdminController(options.admin.service)] : [],
      providers: [
        { provide: PROJECTIONS_MODULE_OPTIONS, useFactory: options.useFactory, inject: (options.inject ?? []) as never[] },
        {
          provide: Projections,
          useFactory: (o: ProjectionsModuleOptions) => new Projections(o),
          inject: [PROJECTIONS_MODULE_OPTIONS],
        },
        {
          provide: ProjectionsMetrics,
          useFactory: (p: Projections, o: ProjectionsModuleOptions, metrics: MetricsRegistry | undefined) =>
            new ProjectionsMetrics(p, o.metricsRegistry ?? metrics?.registry, o.dataSource),
          inject: [Projections, PROJECTIONS_MODULE_OPTIONS, { token: MetricsRegistry, optional: true }],
        },
        ProjectionsHealthIndicator,
        // The app's readiness (when it has ObservabilityModule): DOWN while a partition is stalled or failed.
        readinessCheckProvider('projections', [ProjectionsHealthIndicator], (health: ProjectionsHealthIndicator) => async () => {
          const result = await health.isHealthy('projections');
          return result['projections'] ?? { status: 'down' };
        }),
        ProjectionsLifecycle,
      ],
      exports: [Projections, ProjectionsHealthIndicator, ProjectionsMetrics],
    };
  }

  /** Registers @Projection classes as providers of the calling module. */
  static forFeature(projections: readonly Type[]): DynamicModule {
    return { module: ProjectionsModule, providers: [...projections], exports: [...projections] };
  }
}
