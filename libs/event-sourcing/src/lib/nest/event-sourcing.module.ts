import { Inject, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@chronicle/event-store';
import { ClsModule, ClsService } from 'nestjs-cls';
import type { DomainEvent } from '../decider';
import { EventRegistry, type EventRegistration } from '../event-registry';
import { EventSourcedRepository, type AggregateDefinition, type Command } from '../event-sourced-repository';
import type { SnapshotStore } from '../snapshots/snapshot-store';
import { correlationIdFrom } from './correlation-id';
import { PublishedDomainEvent } from './published-domain-event';

export const SNAPSHOT_STORE = Symbol('SNAPSHOT_STORE');

export interface EventSourcingModuleOptions {
  /** Where snapshots live (e.g. `PostgresSnapshotStore.create(...)`); without one, aggregates load from events only. */
  snapshotStore?: () => SnapshotStore | Promise<SnapshotStore>;
  /** Mount nestjs-cls with an interceptor that takes the correlation id from each request/message. Default true. */
  mountCorrelation?: boolean;
  retry?: { maxAttempts?: number; initialDelayMs?: number; maxDelayMs?: number };
}

export interface AggregateFeature<TCommand extends Command, TEvent extends DomainEvent, TState>
  extends AggregateDefinition<TCommand, TEvent, TState> {
  /** The event types this aggregate writes (and reads), registered in the app's event registry. */
  events: EventRegistration[];
}

const OPTIONS = Symbol('EVENT_SOURCING_OPTIONS');

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
        { provide: EventRegistry, useValue: new EventRegistry() },
        { provide: SNAPSHOT_STORE, useFactory: async () => (options.snapshotStore ? options.snapshotStore() : null) },
      ],
      exports: [OPTIONS, EventRegistry, SNAPSHOT_STORE],
    };
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a heterogeneous list of aggregates
  static forFeature(aggregates: AggregateFeature<any, any, any>[]): DynamicModule {
    const providers: Provider[] = aggregates.map((aggregate) => ({
      provide: aggregateRepositoryToken(aggregate.category),
      inject: [EVENT_STORE, EventRegistry, SNAPSHOT_STORE, OPTIONS, EventBus, { token: ClsService, optional: true }],
      useFactory: (
        store: EventStore,
        registry: EventRegistry,
        snapshotStore: SnapshotStore | null,
        options: EventSourcingModuleOptions,
        eventBus: EventBus,
        cls: ClsService | undefined,
      ) => {
        for (const registration of aggregate.events) {
          if (!registry.has(registration.type)) registry.register(registration);
        }
        return new EventSourcedRepository(aggregate, {
          store,
          registry,
          snapshotStore: snapshotStore ?? undefined,
          retry: options.retry,
          correlation: () => ({ correlationId: cls?.isActive() ? cls.getId() : undefined }),
          publish: (events) => eventBus.publishAll(events.map((e) => new PublishedDomainEvent(e))),
        });
      },
    }));
    return { module: EventSourcingModule, providers, exports: providers };
  }
}
