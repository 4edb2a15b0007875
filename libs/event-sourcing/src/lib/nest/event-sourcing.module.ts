import { Inject, Module, type DynamicModule, type InjectionToken, type Provider } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@chronicle/event-store';
import { currentCorrelationId } from '@chronicle/observability';
import { ClsModule, ClsService } from 'nestjs-cls';
import type { DomainEvent } from '../decider';
import { EventRegistry, type EventRegistration } from '../event-registry';
import { EventSourcedRepository, type AggregateDefinition, type Command } from '../event-sourced-repository';
import type { SnapshotStore } from '../snapshots/snapshot-store';
import { correlationIdFrom } from './correlation-id';
import { PublishedDomainEvent } from './published-domain-event';
import { AggregateCatalog } from './aggregate-catalog';
import { aggregatesAdminController } from './aggregates-admin.controller';

export const SNAPSHOT_STORE = Symbol('SNAPSHOT_STORE');

export interface EventSourcingModuleOptions {
  /**
   * Where snapshots live, e.g. `{ inject: [PG_POOL], useFactory: (pool) => PostgresSnapshotStore.create({ pool }) }`;
   * without one, aggregates load from events only.
   */
  snapshotStore?: {
    inject?: InjectionToken[];
    useFactory: (...args: never[]) => SnapshotStore | Promise<SnapshotStore>;
  };
  /** Mount nestjs-cls with an interceptor that takes the correlation id from each request/message. Default true. */
  mountCorrelation?: boolean;
  retry?: { maxAttempts?: number; initialDelayMs?: number; maxDelayMs?: number };
  /** Streams whose state each repository keeps in memory (RepositoryOptions.stateCacheSize). Default 1000; 0: off. */
  stateCacheSize?: number;
  /** Serve time travel over RPC for this service's aggregates (patterns `<service>.admin.*`). */
  admin?: { service: string };
}

export interface AggregateFeature<TCommand extends Command, TEvent extends DomainEvent, TState>
  extends AggregateDefinition<TCommand, TEvent, TState> {
  /** The event types this aggregate writes (and reads), registered in the app's event registry. */
  events: EventRegistration[];
}

const OPTIONS = Symbol('EVENT_SOURCING_OPTIONS');

/** A hot stream (the warehouse) and the streams of the orders in flight: a few MB at most. */
const DEFAULT_STATE_CACHE_SIZE = 1000;

/** Injection token of the repository of one aggregate (stream category). */
export const aggregateRepositoryToken = (category: string): string => `EventSourcedRepository:${category}`;
export const InjectAggregateRepository = (category: string): PropertyDecorator & ParameterDecorator =>
  Inject(aggregateRepositoryToken(category));

/**
 * `forRoot()` once in the root module (needs EventStoreModule and CqrsModule), then
 * `forFeature([aggregate, ...])` per feature module: each aggregate gets an injectable
 * EventSourcedRepository that stamps correlation ids and publishes to the EventBus after appending.
 */
@Module({})
export class EventSourcingModule {
  static forRoot(options: EventSourcingModuleOptions = {}): DynamicModule {
    const cls =
      options.mountCorrelation === false
        ? []
        : [ClsModule.forRoot({ global: true, interceptor: { mount: true, generateId: true, idGenerator: correlationIdFrom } })];
    return {
      module: EventSourcingModule,
      global: true,
      imports: cls,
      providers: [
        { provide: OPTIONS, useValue: options },
        { provide: AggregateCatalog, useValue: new AggregateCatalog() },
        { provide: EventRegistry, useValue: new EventRegistry() },
        {
          provide: SNAPSHOT_STORE,
          inject: options.snapshotStore?.inject ?? [],
          useFactory: async (...args: never[]) => (options.snapshotStore ? options.snapshotStore.useFactory(...args) : null),
        },
      ],
      exports: [OPTIONS, EventRegistry, SNAPSHOT_STORE, AggregateCatalog],
      controllers: options.admin ? [aggregatesAdminController(options.admin.service)] : [],
    };
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a heterogeneous list of aggregates
  static forFeature(aggregates: AggregateFeature<any, any, any>[]): DynamicModule {
    const providers: Provider[] = aggregates.map((aggregate) => ({
      provide: aggregateRepositoryToken(aggregate.category),
      inject: [EVENT_STORE, EventRegistry, SNAPSHOT_STORE, OPTIONS, EventBus, AggregateCatalog, { token: ClsService, optional: true }],
      useFactory: (
        store: EventStore,
        registry: EventRegistry,
        snapshotStore: SnapshotStore | null,
        options: EventSourcingModuleOptions,
        eventBus: EventBus,
        catalog: AggregateCatalog,
        cls: ClsService | undefined,
      ) => {
        for (const registration of aggregate.events) {
          if (!registry.has(registration.type)) registry.register(registration);
        }
        const repository = new EventSourcedRepository(aggregate, {
          store,
          registry,
          snapshotStore: snapshotStore ?? undefined,
          retry: options.retry,
          stateCacheSize: options.stateCacheSize ?? DEFAULT_STATE_CACHE_SIZE,
          // The RPC server sets the correlation id of each message (@chronicle/messaging); nestjs-cls covers HTTP.
          correlation: () => ({ correlationId: currentCorrelationId() ?? (cls?.isActive() ? cls.getId() : undefined) }),
          publish: (events) => eventBus.publishAll(events.map((e) => new PublishedDomainEvent(e))),
        });
        catalog.add(aggregate.category, repository);
        return repository;
      },
    }));
    return { module: EventSourcingModule, providers, exports: providers };
  }
}
