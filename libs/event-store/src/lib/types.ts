/** JSON-compatible values: what event data and metadata may hold. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Well-known metadata keys; anything else (actor, tenant, ...) travels along as free user metadata. */
export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  [key: string]: JsonValue | undefined;
}

/** An event to append. */
export interface EventData<TType extends string = string, TData extends JsonValue = JsonValue> {
  /** Unique event id (uuid). A uuid v7 is generated when absent; give one to make retries idempotent. */
  id?: string;
  type: TType;
  /** Version of the event's schema; 1 when absent. */
  schemaVersion?: number;
  data: TData;
  metadata?: EventMetadata;
}

/** An event as stored. */
export interface RecordedEvent<TType extends string = string, TData extends JsonValue = JsonValue> {
  eventId: string;
  type: TType;
  schemaVersion: number;
  streamId: string;
  /** 0-based revision of the event in its stream. */
  revision: bigint;
  /** Global position: increases in the order events become readable; not dense. */
  position: bigint;
  recordedAt: Date;
  correlationId?: string;
  causationId?: string;
  data: TData;
  /** Free user metadata (without correlationId / causationId). */
  metadata: JsonObject;
}

/** What the stream must look like for an append (or delete) to go through. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface AppendOptions {
  expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event appended: pass it as the next expectedRevision. */
  nextRevision: bigint;
  /** Global position of the last event appended: read-your-writes waits for it. */
  position: bigint;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** Inclusive. Defaults to the start (forwards) or the end (backwards). */
  fromRevision?: bigint | 'start' | 'end';
  direction?: Direction;
  maxCount?: number;
}

export interface EventFilter {
  /** Only events of these types. */
  eventTypes?: readonly string[];
  /** Only events of streams in these categories: `user` matches `user-*` streams. */
  categories?: readonly string[];
}

export interface ReadAllOptions {
  /** Exclusive: events after this position. Defaults to the start. */
  fromPosition?: bigint | 'start';
  maxCount?: number;
  filter?: EventFilter;
}

export interface SubscribeToAllOptions {
  /** Exclusive: events after this position (a stored checkpoint), 'start' (default) or 'end' (only new ones). */
  fromPosition?: bigint | 'start' | 'end';
  filter?: EventFilter;
  /** Stops the subscription when aborted. */
  signal?: AbortSignal;
  /**
   * Called (and awaited) whenever the subscription has read everything up to `position`,
   * including events its filter passed over. A filtered consumer stores it as its checkpoint,
   * so waiting for a position it does not handle still ends. The eventstoredb adapter calls it once
   * the server reports it caught up (KurrentDB / EventStoreDB 23.10 and later) and after every event from then on.
   * `caughtUp.lastEventPosition`, when the adapter knows it, is the position of the newest event of
   * any type at or below `position` (-1 when there is none): a consumer whose checkpoint is already
   * there learns that nothing at all was appended in between, only the line moved.
   */
  onCaughtUp?: (position: bigint, caughtUp?: CaughtUpInfo) => void | Promise<void>;
}

export interface CaughtUpInfo {
  lastEventPosition?: bigint;
}

export interface DeleteStreamOptions {
  expectedRevision?: ExpectedRevision;
}

export interface StreamMetadata {
  /** Free-form, JSON. */
  [key: string]: JsonValue;
}
