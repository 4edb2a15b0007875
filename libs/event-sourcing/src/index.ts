export { foldEvents } from './lib/decider';
export type { Decider, DomainEvent } from './lib/decider';
export { EventRegistry, checkEventRegistry } from './lib/event-registry';
export type { CatalogEntry, EventRegistration, Upcaster } from './lib/event-registry';
export { EventSourcedRepository } from './lib/event-sourced-repository';
export type {
  AggregateDefinition,
  Command,
  CorrelationContext,
  HandleOptions,
  HandleResult,
  LoadedAggregate,
  RepositoryOptions,
  SnapshotPolicy,
  StateAtRevision,
  StoredDomainEvent,
} from './lib/event-sourced-repository';
export { commandEventId } from './lib/command-event-ids';
export {
  ConcurrencyConflictError,
  EventSourcingError,
  InvalidEventDataError,
  UnregisteredEventTypeError,
  UpcastError,
} from './lib/errors';
export type { Snapshot, SnapshotStore } from './lib/snapshots/snapshot-store';
export { PostgresSnapshotStore } from './lib/snapshots/postgres-snapshot-store';
export type { PostgresSnapshotStoreOptions } from './lib/snapshots/postgres-snapshot-store';
export {
  EventSourcingModule,
  InjectAggregateRepository,
  aggregateRepositoryToken,
  SNAPSHOT_STORE,
} from './lib/nest/event-sourcing.module';
export type { AggregateFeature, EventSourcingModuleOptions } from './lib/nest/event-sourcing.module';
export { PublishedDomainEvent, ofDomainEventType } from './lib/nest/published-domain-event';
export { correlationIdFrom, CORRELATION_ID_HEADER } from './lib/nest/correlation-id';
