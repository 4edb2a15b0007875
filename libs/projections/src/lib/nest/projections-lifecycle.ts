import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { defineProjection, type ProjectionHandler, type ProjectionOptions } from '../core/projection';
import { Projections } from '../projections';
import { defineReactor } from '../reactor/reactor-definition';
import type { ReactorOptions } from '../reactor/reactor-types';
import { PROJECTION_METADATA } from './projection.decorator';
import { REACTOR_METADATA, type ReactorClass } from './reactor.decorator';
import { PROJECTIONS_MODULE_OPTIONS, type ProjectionsModuleOptions } from './projections-module-options';

/** Registers the @Projection providers and runs the runtime from bootstrap to shutdown. */
@Injectable()
export class ProjectionsLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly projections: Projections,
    @Inject(PROJECTIONS_MODULE_OPTIONS) private readonly options: ProjectionsModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const registered = new Set(this.projections.definitions().map((p) => p.name));
    for (const wrapper of this.discovery.getProviders()) {
      const type = wrapper.metatype as unknown;
      if (typeof type !== 'function' || !wrapper.instance) continue;
      const reactor = Reflect.getMetadata(REACTOR_METADATA, type) as Omit<ReactorOptions, 'reactions' | 'timers'> | undefined;
      if (reactor && !registered.has(reactor.name)) {
        this.projections.register(defineReactor({ ...reactor, ...(wrapper.instance as ReactorClass).steps() }));
        registered.add(reactor.name);
      }
      const meta = Reflect.getMetadata(PROJECTION_METADATA, type) as ProjectionOptions | undefined;
      if (!meta || registered.has(meta.name)) continue;
      this.projections.register(defineProjection(meta, wrapper.instance as ProjectionHandler));
      registered.add(meta.name);
    }
    if (this.options.autoStart !== false) await this.projections.start();
    else await this.projections.migrate();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.projections.stop();
  }
}
