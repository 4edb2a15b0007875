import type {
  AppendOptions,
  AppendResult,
  DeleteStreamOptions,
  EventData,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeToAllOptions,
} from './types';

/** A live subscription: iterate it with `for await`; the next page is read only when you ask for it. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  /** Ends the iteration; pending reads are abandoned and resources released. */
  stop(): Promise<void>;
}

/**
 * The event store port. Every adapter (postgres, eventstoredb) passes the same
 * conformance suite, so services can move between them without code changes.
 */
export interface EventStore {
  /** Appends events atomically, checking `expectedRevision`; re-appending the same event ids is a no-op. */
  appendToStream(streamId: string, events: readonly EventData[], options?: AppendOptions): Promise<AppendResult>;
  /** Reads one stream in pages; a stream that does not exist (or was soft-deleted) reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  /** One event of a stream by its id (e.g. to recognise a command that was already handled). */
  readEvent(streamId: string, eventId: string): Promise<RecordedEvent | undefined>;
  /**
   * Every event that carries `correlationId`, from every stream, in global position order (at most
   * `maxCount`, default 1,000): the timeline of one request or saga across contexts.
   */
  readByCorrelationId(correlationId: string, options?: { maxCount?: number }): Promise<RecordedEvent[]>;
  /** Reads every stream in global position order, up to what is safe to hand out (no late commit is ever skipped). */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /** Catch-up from `fromPosition`, then live; delivers in position order and waits for the consumer. */
  subscribeToAll(options?: SubscribeToAllOptions): Subscription;
  /** Soft-deletes a stream: reads see it as empty; a later append starts it again, its revisions going on. */
  deleteStream(streamId: string, options?: DeleteStreamOptions): Promise<void>;
  /** Hard-deletes a stream: every later read or append fails with StreamDeletedError. */
  tombstoneStream(streamId: string, options?: DeleteStreamOptions): Promise<void>;
  /** The current revision of a stream, or undefined when it does not exist. */
  streamRevision(streamId: string): Promise<bigint | undefined>;
  setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void>;
  getStreamMetadata(streamId: string): Promise<StreamMetadata | undefined>;
  /** The position of the last event that readAll / subscribeToAll can hand out now (0n when empty). */
  headPosition(): Promise<bigint>;
  /**
   * Makes every live subscription of this store, in this process and in the others, read now
   * instead of at its next poll: for a change its consumer must notice that is no append (an
   * operator moved a checkpoint). Optional: adapters whose server pushes to subscriptions need none.
   */
  wakeSubscriptions?(): Promise<void>;
  /** Releases connections. */
  close(): Promise<void>;
}
