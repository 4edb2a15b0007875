import { Inject, Module, type DynamicModule, type FactoryProvider, type InjectionToken, type ModuleMetadata, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MetricsRegistry } from '@chronicle/observability';
import type { Pool } from 'pg';
import type { EventStore } from '../event-store';
import { AppendMetrics } from '../instrumentation/append-metrics';
import { createPostgresEventStore } from '../postgres/postgres-event-store';
import { eventStoreConfig, type EventStoreModuleOptions } from './event-store.config';

/** Injection token of the EventStore; prefer the `@InjectEventStore()` decorator. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const InjectEventStore = (): PropertyDecorator & ParameterDecorator => Inject(EVENT_STORE);

export interface EventStoreModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  useFactory: (...args: never[]) => EventStoreModuleOptions | Promise<EventStoreModuleOptions>;
  inject?: FactoryProvider['inject'];
}

export async function createEventStore(options: EventStoreModuleOptions): Promise<EventStore> {
  if (options.adapter === 'eventstoredb') {
    const { createEventStoreDbEventStore } = await import('../eventstoredb/eventstoredb-event-store');
    return createEventStoreDbEventStore(options);
  }
  return createPostgresEventStore(options);
}

/** The app's MetricsRegistry, when it has one (ObservabilityModule): its appends are measured there. */
const OPTIONAL_METRICS = { token: MetricsRegistry, optional: true } as const;
const measured = (options: EventStoreModuleOptions, metrics: MetricsRegistry | undefined): EventStoreModuleOptions =>
  metrics && !options.appendObserver ? { ...options, appendObserver: new AppendMetrics(metrics.registry) } : options;

class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/**
 * Provides the EventStore to a Nest application (global: import it once, in the root module).
 * `forRoot(options)` with explicit options, `forRootAsync()` reads the validated environment through
 * `@nestjs/config` (EVENT_STORE_ADAPTER, DATABASE_URL, EVENTSTORE_URL, EVENT_STORE_*), and
 * `forRootAsync({ imports, inject, useFactory })` builds options from other providers.
 * The store is closed on application shutdown.
 */
@Module({})
export class EventStoreModule {
  static forRoot(options: EventStoreModuleOptions): DynamicModule {
    return EventStoreModule.build([], {
      provide: EVENT_STORE,
      inject: [OPTIONAL_METRICS],
      useFactory: (metrics: MetricsRegistry | undefined) => createEventStore(measured(options, metrics)),
    });
  }

  static forRootAsync(options?: EventStoreModuleAsyncOptions): DynamicModule {
    if (!options) {
      return EventStoreModule.build([ConfigModule.forFeature(eventStoreConfig)], {
        provide: EVENT_STORE,
        inject: [eventStoreConfig.KEY, OPTIONAL_METRICS],
        useFactory: (config: EventStoreModuleOptions, metrics: MetricsRegistry | undefined) => createEventStore(measured(config, metrics)),
      });
    }
    return EventStoreModule.build(options.imports ?? [], {
      provide: EVENT_STORE,
      inject: [OPTIONAL_METRICS, ...(options.inject ?? [])],
      useFactory: async (metrics: MetricsRegistry | undefined, ...args: never[]) => createEventStore(measured(await options.useFactory(...args), metrics)),
    });
  }

  /**
   * `forRootAsync()` (or `forRoot(options)`) on the process's shared pool (the provider behind
   * `poolToken`, e.g. PG_POOL of DatabaseModule), so the store opens no pool of its own.
   */
  static forRootWithPool(poolToken: InjectionToken, options?: EventStoreModuleOptions): DynamicModule {
    if (options) {
      return EventStoreModule.build([], {
        provide: EVENT_STORE,
        inject: [poolToken, OPTIONAL_METRICS],
        useFactory: (pool: Pool, metrics: MetricsRegistry | undefined) =>
          createEventStore(measured(options.adapter === 'postgres' ? { ...options, pool } : options, metrics)),
      });
    }
    return EventStoreModule.build([ConfigModule.forFeature(eventStoreConfig)], {
      provide: EVENT_STORE,
      inject: [eventStoreConfig.KEY, poolToken, OPTIONAL_METRICS],
      useFactory: (config: EventStoreModuleOptions, pool: Pool, metrics: MetricsRegistry | undefined) =>
        createEventStore(measured(config.adapter === 'postgres' ? { ...config, pool } : config, metrics)),
    });
  }

  private static build(imports: ModuleMetadata['imports'], provider: FactoryProvider): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      imports,
      providers: [provider, EventStoreCloser],
      exports: [EVENT_STORE],
    };
  }
}
