export type { EventStore, Subscription } from './lib/event-store';
export type {
  AppendOptions,
  AppendResult,
  CaughtUpInfo,
  DeleteStreamOptions,
  Direction,
  EventData,
  EventFilter,
  EventMetadata,
  ExpectedRevision,
  JsonObject,
  JsonValue,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeToAllOptions,
} from './lib/types';
export {
  DuplicateEventIdError,
  EventStoreConflictError,
  EventStoreError,
  EventStoreErrorCodes,
  EventStoreUnavailableError,
  EventValidationError,
  StreamDeletedError,
  WrongExpectedRevisionError,
  isDuplicateEventIdError,
  isWrongExpectedRevisionError,
} from './lib/errors';
export { categoryOf, DEFAULT_MAX_EVENT_SIZE_BYTES, MAX_JSON_DEPTH, MAX_STREAM_ID_LENGTH } from './lib/validation';
export { createPostgresEventStore, PostgresEventStore } from './lib/postgres/postgres-event-store';
export type { PostgresEventStoreOptions } from './lib/postgres/postgres-event-store';
export { EventStoreModule, EVENT_STORE, InjectEventStore, createEventStore } from './lib/nest/event-store.module';
export type { EventStoreModuleAsyncOptions } from './lib/nest/event-store.module';
export { eventStoreConfig, eventStoreOptionsFromEnv } from './lib/nest/event-store.config';
export type { EventStoreModuleOptions } from './lib/nest/event-store.config';
export { createEventStoreDbEventStore, EventStoreDbEventStore } from './lib/eventstoredb/eventstoredb-event-store';
export type { EventStoreDbEventStoreOptions } from './lib/eventstoredb/eventstoredb-event-store';
export { withMigrationLock } from './lib/postgres/schema';
export { AppendMetrics } from './lib/instrumentation/append-metrics';
export type { AppendObserver } from './lib/instrumentation/append-instrumentation';
export { isStreamBrowser } from './lib/stream-browser';
export type { CategorySummary, StreamBrowser, StreamSummary, StreamSummaryPage } from './lib/stream-browser';
