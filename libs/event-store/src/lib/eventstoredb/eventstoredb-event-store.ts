import {
  BACKWARDS,
  END,
  ErrorType,
  EventStoreDBClient,
  FORWARDS,
  START,
  type AppendResult as EsdbAppendResult,
  type DeleteResult,
  type Position,
  type ReadRevision,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { EventValidationError, WrongExpectedRevisionError } from '../errors';
import type { EventStore, Subscription } from '../event-store';
import type {
  AppendOptions,
  AppendResult,
  DeleteStreamOptions,
  Direction,
  EventData,
  ExpectedRevision,
  JsonObject,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeToAllOptions,
} from '../types';
import { assertValidStreamId, DEFAULT_MAX_EVENT_SIZE_BYTES, prepareEvents } from '../validation';
import { esdbErrorType, toEventStoreError } from './eventstoredb-errors';
import {
  assertExpectedRevision,
  assertNonNegative,
  isSystemStream,
  matchesFilter,
  readLimit,
  toProposedEvent,
  toRecordedEvent,
  toServerFilter,
} from './eventstoredb-mapping';
import { readCustomStreamMetadata, writeCustomStreamMetadata } from './eventstoredb-stream-metadata';
import { EventStoreDbSubscription } from './eventstoredb-subscription';

export interface EventStoreDbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false` */
  connectionString: string;
  /** Largest event (data + metadata JSON) accepted; defaults to DEFAULT_MAX_EVENT_SIZE_BYTES. */
  maxEventSizeBytes?: number;
}

/** Events per read request: bounds what the server reads ahead of a consumer that stops early. */
const PAGE_SIZE = 512;
/** Retries of a 'stream_exists' delete when an append moves the revision between our check and the delete. */
const MAX_DELETE_ATTEMPTS = 5;

/** The EventStoreDB / KurrentDB adapter of the EventStore port (gRPC client @eventstore/db-client). */
export class EventStoreDbEventStore implements EventStore {
  readonly #subscriptions = new Set<EventStoreDbSubscription>();
  #closed = false;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly maxEventSizeBytes: number = DEFAULT_MAX_EVENT_SIZE_BYTES,
  ) {}

  async appendToStream(streamId: string, events: readonly EventData[], options: AppendOptions = {}): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    // Validate everything before the first byte goes to the server: bad input writes nothing.
    const prepared = prepareEvents(streamId, events, this.maxEventSizeBytes);
    assertExpectedRevision(streamId, expected);
    let result: EsdbAppendResult;
    try {
      // Re-appending the same ids is answered by the server as a success (its idempotency check).
      result = await this.client.appendToStream(streamId, prepared.map(toProposedEvent), { expectedRevision: expected });
    } catch (error) {
      throw toEventStoreError(error, 'appendToStream', streamId, expected);
    }
    const nextRevision = result.nextExpectedRevision;
    // An idempotent re-append comes back without a position: look up where the original landed.
    const position = result.position?.commit ?? (await this.#positionOf(streamId, nextRevision));
    return { nextRevision, position };
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    return this.#readStream(streamId, options);
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    return this.#readAll(options);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const { fromPosition = 'start', filter, signal } = options;
    assertNonNegative(fromPosition, 'fromPosition');
    const source = this.client.subscribeToAll({
      fromPosition: typeof fromPosition === 'bigint' ? { commit: fromPosition, prepare: fromPosition } : fromPosition === 'end' ? END : START,
      filter: toServerFilter(filter),
    });
    const subscription: EventStoreDbSubscription = new EventStoreDbSubscription(source, {
      after: typeof fromPosition === 'bigint' ? fromPosition : undefined,
      filter,
      signal,
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
    for await (const { event } of this.#streamPages('streamRevision', streamId, END, 'backwards', 1)) {
      if (event) return event.revision;
    }
    return undefined;
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
      throw new EventValidationError('Stream metadata must be a JSON object', streamId);
    }
    // prepareEvents runs the shared stream id, JSON and size checks (the event itself is not written).
    const [prepared] = prepareEvents(streamId, [{ type: '$metadata', data: metadata }], this.maxEventSizeBytes);
    try {
      await writeCustomStreamMetadata(this.client, streamId, JSON.parse(prepared.data) as JsonObject);
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

  async headPosition(): Promise<bigint> {
    // Reads backwards over system records (stats, projection checkpoints) until the first event
    // readAll would hand out; no maxCount, as there is no telling how many system records come first.
    const read = this.client.readAll({ direction: BACKWARDS, fromPosition: END });
    try {
      for await (const { event, commitPosition } of read) {
        if (!event || isSystemStream(event.streamId)) continue;
        const recorded = toRecordedEvent(event, commitPosition);
        if (recorded) return recorded.position;
      }
      return 0n;
    } catch (error) {
      throw toEventStoreError(error, 'headPosition', undefined);
    } finally {
      if (!read.readableEnded) await read.cancel();
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  async *#readStream(streamId: string, options: ReadStreamOptions): AsyncGenerator<RecordedEvent, void, undefined> {
    assertValidStreamId(streamId);
    const direction = options.direction ?? 'forwards';
    const limit = readLimit(options.maxCount, streamId);
    const fromRevision = options.fromRevision ?? (direction === 'backwards' ? 'end' : 'start');
    assertNonNegative(fromRevision, 'fromRevision', streamId);
    if (limit === 0) return;
    let count = 0;
    const from: ReadRevision = fromRevision === 'start' ? START : fromRevision === 'end' ? END : fromRevision;
    for await (const { event, commitPosition } of this.#streamPages('readStream', streamId, from, direction, Math.min(limit, PAGE_SIZE))) {
      const recorded = event && this.#mapped(() => toRecordedEvent(event, commitPosition), 'readStream', streamId);
      if (!recorded) continue;
      yield recorded;
      if (++count >= limit) return;
    }
  }

  /**
   * The raw records of one stream from `from` on, a page at a time; a missing or soft-deleted stream
   * yields nothing. Skipped records (system events) count against the server's maxCount, so pages
   * go on until one comes back short rather than stopping at the caller's limit.
   */
  async *#streamPages(operation: string, streamId: string, from: ReadRevision, direction: Direction, pageSize: number): AsyncGenerator<ResolvedEvent, void, undefined> {
    let next: ReadRevision = from;
    for (;;) {
      const page = this.client.readStream(streamId, { fromRevision: next, direction: direction === 'backwards' ? BACKWARDS : FORWARDS, maxCount: pageSize });
      let count = 0;
      let last: bigint | undefined;
      try {
        for await (const resolved of page) {
          count++;
          last = resolved.event?.revision ?? last;
          yield resolved;
        }
      } catch (error) {
        if (esdbErrorType(error) === ErrorType.STREAM_NOT_FOUND) return;
        throw toEventStoreError(error, operation, streamId);
      } finally {
        // Only a consumer that stopped early leaves the call open; cancel it so the server stops reading.
        if (!page.readableEnded) await page.cancel();
      }
      if (count < pageSize || last === undefined) return;
      if (direction === 'backwards' && last === 0n) return;
      next = direction === 'backwards' ? last - 1n : last + 1n;
    }
  }

  async *#readAll(options: ReadAllOptions): AsyncGenerator<RecordedEvent, void, undefined> {
    const { fromPosition = 'start', filter } = options;
    const limit = readLimit(options.maxCount);
    assertNonNegative(fromPosition, 'fromPosition');
    if (limit === 0) return;
    // The client cannot filter readAll (its filters are for subscriptions), so filtering happens here.
    let cursor: Position | undefined = typeof fromPosition === 'bigint' ? { commit: fromPosition, prepare: fromPosition } : undefined;
    let count = 0;
    for (;;) {
      const page = this.client.readAll({ fromPosition: cursor ?? START, direction: FORWARDS, maxCount: PAGE_SIZE });
      let read = 0;
      try {
        for await (const { event, commitPosition } of page) {
          read++;
          if (!event) continue;
          // Reads from a position include the event at it: skip up to the cursor, which makes
          // `fromPosition` exclusive and stops a page from repeating the previous page's last event.
          if (cursor && isAtOrBefore(event.position, cursor)) continue;
          cursor = event.position;
          if (isSystemStream(event.streamId)) continue;
          const recorded = this.#mapped(() => toRecordedEvent(event, commitPosition), 'readAll', undefined);
          if (!recorded || !matchesFilter(recorded, filter)) continue;
          yield recorded;
          if (++count >= limit) return;
        }
      } catch (error) {
        throw toEventStoreError(error, 'readAll', undefined);
      } finally {
        if (!page.readableEnded) await page.cancel();
      }
      if (read < PAGE_SIZE) return;
    }
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

  async #positionOf(streamId: string, revision: bigint): Promise<bigint> {
    for await (const { event, commitPosition } of this.#streamPages('appendToStream', streamId, revision, 'forwards', 1)) {
      const position = event?.position?.commit ?? commitPosition;
      if (position !== undefined) return position;
      break;
    }
    throw toEventStoreError(new Error(`Could not find the position of revision ${revision}`), 'appendToStream', streamId);
  }

  /** Mapping can fail on a server too old to send positions; report it like any other driver problem. */
  #mapped(map: () => RecordedEvent | undefined, operation: string, streamId: string | undefined): RecordedEvent | undefined {
    try {
      return map();
    } catch (error) {
      throw toEventStoreError(error, operation, streamId);
    }
  }
}

/** Connects lazily: the client opens its gRPC channel on the first call. */
export async function createEventStoreDbEventStore(options: EventStoreDbEventStoreOptions): Promise<EventStoreDbEventStore> {
  const { maxEventSizeBytes = DEFAULT_MAX_EVENT_SIZE_BYTES } = options;
  if (!Number.isSafeInteger(maxEventSizeBytes) || maxEventSizeBytes <= 0) {
    throw new RangeError(`maxEventSizeBytes must be a positive integer, got ${maxEventSizeBytes}`);
  }
  return new EventStoreDbEventStore(EventStoreDBClient.connectionString(options.connectionString), maxEventSizeBytes);
}

function isAtOrBefore(position: Position, cursor: Position): boolean {
  return position.commit < cursor.commit || (position.commit === cursor.commit && position.prepare <= cursor.prepare);
}
