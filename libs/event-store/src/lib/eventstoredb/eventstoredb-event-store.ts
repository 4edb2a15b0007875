import {
  END,
  ErrorType,
  EventStoreDBClient,
  START,
  type AppendResult as EsdbAppendResult,
  type DeleteResult,
} from '@eventstore/db-client';
import { WrongExpectedRevisionError, type EventStoreError } from '../errors';
import type { EventStore, Subscription } from '../event-store';
import type {
  AppendOptions,
  AppendResult,
  DeleteStreamOptions,
  EventData,
  ExpectedRevision,
  JsonObject,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeToAllOptions,
} from '../types';
import { instrumentedAppend, type AppendObserver } from '../instrumentation/append-instrumentation';
import { assertValidStreamId, correlationReadLimit, DEFAULT_MAX_EVENT_SIZE_BYTES, prepareEvents, prepareStreamMetadata } from '../validation';
import { esdbErrorType, toEventStoreError } from './eventstoredb-errors';
import { assertExpectedRevision, assertNonNegative, toProposedEvent, toRecordedEvent, toServerFilter } from './eventstoredb-mapping';
import { lastVisiblePosition, readAllEvents, readStreamEvents, streamPages } from './eventstoredb-reads';
import { readCustomStreamMetadata, writeCustomStreamMetadata } from './eventstoredb-stream-metadata';
import { EventStoreDbSubscription } from './eventstoredb-subscription';

export interface EventStoreDbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false` */
  connectionString: string;
  /** Largest event (data + metadata JSON) accepted; defaults to DEFAULT_MAX_EVENT_SIZE_BYTES. */
  maxEventSizeBytes?: number;
  /** Told of every append (the app's metrics). */
  appendObserver?: AppendObserver;
}

/** Retries of a 'stream_exists' delete when an append moves the revision between our check and the delete. */
const MAX_DELETE_ATTEMPTS = 5;

/** The EventStoreDB / KurrentDB adapter of the EventStore port (gRPC client @eventstore/db-client). */
export class EventStoreDbEventStore implements EventStore {
  readonly #subscriptions = new Set<EventStoreDbSubscription>();
  #closed = false;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly maxEventSizeBytes: number = DEFAULT_MAX_EVENT_SIZE_BYTES,
    private readonly appendObserver?: AppendObserver,
  ) {}

  appendToStream(streamId: string, events: readonly EventData[], options: AppendOptions = {}): Promise<AppendResult> {
    return instrumentedAppend(streamId, Array.isArray(events) ? events.length : 0, this.appendObserver, () => this.#append(streamId, events, options));
  }

  async #append(streamId: string, events: readonly EventData[], options: AppendOptions): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    // Validate everything before the first byte goes to the server: bad input writes nothing.
    const prepared = prepareEvents(streamId, events, this.maxEventSizeBytes);
    assertExpectedRevision(streamId, expected);
    let result: EsdbAppendResult;
    try {
      // Re-appending the same ids is answered by the server as a success (its idempotency check).
      result = await this.client.appendToStream(streamId, prepared.map(toProposedEvent), { expectedRevision: expected });
    } catch (error) {
      throw await this.#appendError(error, streamId, expected);
    }
    const nextRevision = result.nextExpectedRevision;
    // An idempotent re-append comes back without a position: look up where the original landed.
    const position = result.position?.commit ?? (await this.#positionOf(streamId, nextRevision));
    return { nextRevision, position };
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    return readStreamEvents(this.client, streamId, options);
  }

  /** EventStoreDB has no index by event id: this scans the stream backwards (fine for aggregate-sized streams). */
  async readEvent(streamId: string, eventId: string): Promise<RecordedEvent | undefined> {
    for await (const event of readStreamEvents(this.client, streamId, { direction: 'backwards' })) {
      if (event.eventId === eventId) return event;
    }
    return undefined;
  }

  /**
   * Reads the `$bc-<correlationId>` stream of the server's `$by_correlation_id` system projection
   * (it must be enabled), resolving its links; positions order the result like the Postgres adapter.
   * The projection links events asynchronously, so a just-appended event can show up a moment later.
   */
  async readByCorrelationId(correlationId: string, options: { maxCount?: number } = {}): Promise<RecordedEvent[]> {
    const limit = correlationReadLimit(correlationId, options.maxCount);
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(`$bc-${correlationId}`, { resolveLinkTos: true, maxCount: limit })) {
        const recorded = resolved.event && toRecordedEvent(resolved.event, resolved.commitPosition);
        if (recorded) events.push(recorded);
      }
    } catch (error) {
      if (esdbErrorType(error) === 'stream-not-found') return [];
      throw toEventStoreError(error, 'readByCorrelationId', correlationId);
    }
    return events.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    return readAllEvents(this.client, options);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const { fromPosition = 'start', filter, signal, onCaughtUp } = options;
    assertNonNegative(fromPosition, 'fromPosition');
    const source = this.client.subscribeToAll({
      fromPosition:
        typeof fromPosition === 'bigint' ? { commit: fromPosition, prepare: fromPosition } : fromPosition === 'end' ? END : START,
      // A consumer that checkpoints on onCaughtUp must learn the position of the events its filter
      // passes over: those then come to the client and are filtered here (system events stay out).
      filter: toServerFilter(onCaughtUp ? undefined : filter),
    });
    const subscription: EventStoreDbSubscription = new EventStoreDbSubscription(source, {
      after: typeof fromPosition === 'bigint' ? fromPosition : undefined,
      filter,
      signal,
      onCaughtUp,
      onStop: () => this.#subscriptions.delete(subscription),
    });
    this.#subscriptions.add(subscription);
    return subscription;
  }

  async deleteStream(streamId: string, options: DeleteStreamOptions = {}): Promise<void> {
    await this.#delete('deleteStream', streamId, options.expectedRevision ?? 'any', (expectedRevision) =>
      this.client.deleteStream(streamId, { expectedRevision }),
    );
  }

  async tombstoneStream(streamId: string, options: DeleteStreamOptions = {}): Promise<void> {
    await this.#delete('tombstoneStream', streamId, options.expectedRevision ?? 'any', (expectedRevision) =>
      this.client.tombstoneStream(streamId, { expectedRevision }),
    );
  }

  async streamRevision(streamId: string): Promise<bigint | undefined> {
    assertValidStreamId(streamId);
    // The last record, whatever its type: revisions count every event of the stream.
    for await (const { event } of streamPages(this.client, 'streamRevision', streamId, END, 'backwards', 1)) {
      if (event) return event.revision;
    }
    return undefined;
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    const text = prepareStreamMetadata(streamId, metadata, this.maxEventSizeBytes);
    try {
      await writeCustomStreamMetadata(this.client, streamId, JSON.parse(text) as JsonObject);
    } catch (error) {
      throw toEventStoreError(error, 'setStreamMetadata', streamId);
    }
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata | undefined> {
    assertValidStreamId(streamId);
    try {
      return await readCustomStreamMetadata(this.client, streamId);
    } catch (error) {
      throw toEventStoreError(error, 'getStreamMetadata', streamId);
    }
  }

  headPosition(): Promise<bigint> {
    return lastVisiblePosition(this.client);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  async #delete(
    operation: string,
    streamId: string,
    expected: ExpectedRevision,
    run: (expectedRevision: 'any' | 'no_stream' | bigint) => Promise<DeleteResult>,
  ): Promise<void> {
    assertValidStreamId(streamId);
    assertExpectedRevision(streamId, expected);
    for (let attempt = 1; ; attempt++) {
      // The client cannot send 'stream_exists' on deletes: check it as "at the current revision".
      const revision = expected === 'stream_exists' ? await this.streamRevision(streamId) : expected;
      if (revision === undefined) throw new WrongExpectedRevisionError(streamId, expected, 'no_stream');
      try {
        await run(revision);
        return;
      } catch (error) {
        const raced = expected === 'stream_exists' && esdbErrorType(error) === ErrorType.WRONG_EXPECTED_VERSION;
        if (!raced || attempt >= MAX_DELETE_ATTEMPTS) throw toEventStoreError(error, operation, streamId, expected);
      }
    }
  }

  async #appendError(error: unknown, streamId: string, expected: ExpectedRevision): Promise<EventStoreError> {
    if (expected === 'stream_exists' && esdbErrorType(error) === ErrorType.STREAM_DELETED) {
      // The server answers 'stream_exists' on a soft-deleted stream with StreamDeleted; for the port
      // that stream simply does not exist. Only a tombstoned stream still fails the read below.
      const actual = await this.streamRevision(streamId).catch((readError: unknown) => readError);
      if (actual === undefined || typeof actual === 'bigint') {
        return new WrongExpectedRevisionError(streamId, expected, actual ?? 'no_stream');
      }
    }
    return toEventStoreError(error, 'appendToStream', streamId, expected);
  }

  async #positionOf(streamId: string, revision: bigint): Promise<bigint> {
    for await (const { event, commitPosition } of streamPages(this.client, 'appendToStream', streamId, revision, 'forwards', 1)) {
      const position = event?.position?.commit ?? commitPosition;
      if (position !== undefined) return position;
      break;
    }
    throw toEventStoreError(new Error(`Could not find the position of revision ${revision}`), 'appendToStream', streamId);
  }
}

/** Connects lazily: the client opens its gRPC channel on the first call. */
export async function createEventStoreDbEventStore(options: EventStoreDbEventStoreOptions): Promise<EventStoreDbEventStore> {
  const { maxEventSizeBytes = DEFAULT_MAX_EVENT_SIZE_BYTES } = options;
  if (!Number.isSafeInteger(maxEventSizeBytes) || maxEventSizeBytes <= 0) {
    throw new RangeError(`maxEventSizeBytes must be a positive integer, got ${maxEventSizeBytes}`);
  }
  return new EventStoreDbEventStore(EventStoreDBClient.connectionString(options.connectionString), maxEventSizeBytes, options.appendObserver);
}
