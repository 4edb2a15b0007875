import { Inject, Module, type DynamicModule, type FactoryProvider, type ModuleMetadata, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import type { EventStore } from '../event-store';
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
    return EventStoreModule.build([], { provide: EVENT_STORE, useFactory: () => createEventStore(options) });
  }

  static forRootAsync(options?: EventStoreModuleAsyncOptions): DynamicModule {
    if (!options) {
      return EventStoreModule.build([ConfigModule.forFeature(eventStoreConfig)], {
        provide: EVENT_STORE,
        inject: [eventStoreConfig.KEY],
        useFactory: (config: EventStoreModuleOptions) => createEventStore(config),
      });
    }
    return EventStoreModule.build(options.imports ?? [], {
      provide: EVENT_STORE,
      inject: options.inject ?? [],
      useFactory: async (...args: never[]) => createEventStore(await options.useFactory(...args)),
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
