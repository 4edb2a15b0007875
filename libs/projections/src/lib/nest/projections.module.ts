import { Module, type DynamicModule, type ModuleMetadata, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ProjectionsHealthIndicator } from '../health/projections-health.indicator';
import { ProjectionsMetrics } from '../health/projections-metrics';
import { Projections } from '../projections';
import { ProjectionsLifecycle } from './projections-lifecycle';
import { PROJECTIONS_MODULE_OPTIONS, type ProjectionsModuleOptions } from './projections-module-options';

export interface ProjectionsModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: unknown[];
  useFactory: (...args: never[]) => ProjectionsModuleOptions | Promise<ProjectionsModuleOptions>;
}

/**
 * `forRoot` / `forRootAsync` once (event store, DataSource, tuning), `forFeature([...])` in the
 * modules that declare @Projection classes. Provides Projections, ProjectionsHealthIndicator
 * and ProjectionsMetrics.
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
      providers: [
        { provide: PROJECTIONS_MODULE_OPTIONS, useFactory: options.useFactory, inject: (options.inject ?? []) as never[] },
        {
          provide: Projections,
          useFactory: (o: ProjectionsModuleOptions) => new Projections(o),
          inject: [PROJECTIONS_MODULE_OPTIONS],
        },
        {
          provide: ProjectionsMetrics,
          useFactory: (p: Projections, o: ProjectionsModuleOptions) => new ProjectionsMetrics(p, o.metricsRegistry),
          inject: [Projections, PROJECTIONS_MODULE_OPTIONS],
        },
        ProjectionsHealthIndicator,
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
