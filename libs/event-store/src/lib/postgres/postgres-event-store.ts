import { createPostgresPool } from '@chronicle/postgres';
import type { Pool } from 'pg';
import { validate as isUuid } from 'uuid';
import { EventStoreError, EventValidationError, StreamDeletedError, WrongExpectedRevisionError } from '../errors';
import type { EventStore, Subscription } from '../event-store';
import type { CategorySummary, StreamBrowser, StreamSummaryPage } from '../stream-browser';
import type {
  AppendOptions,
  AppendResult,
  DeleteStreamOptions,
  EventData,
  EventFilter,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeToAllOptions,
} from '../types';
import { assertValidStreamId, categoryOf, correlationReadLimit, DEFAULT_MAX_EVENT_SIZE_BYTES, prepareEvents, prepareStreamMetadata } from '../validation';
import { instrumentedAppend, type AppendObserver } from '../instrumentation/append-instrumentation';
import { actualRevision, appendEvents, streamState } from './append';
import { Notifier, type AppendedSummary } from './notifier';
import { fromPostgresError } from './postgres-errors';
import { PollingSubscription, type AllPage } from './polling-subscription';
import { toRecordedEvent, type EventRow } from './row-mapping';
import { assertSchemaName, migrate } from './schema';
import { buildStatements, type Statements } from './sql';

export interface PostgresEventStoreOptions {
  /** Either a connection string or an existing pool (which the store then does not close). */
  connectionString?: string;
  pool?: Pool;
  /** Schema holding the store's tables. Default `chronicle`. */
  schema?: string;
  poolSize?: number;
  maxEventSizeBytes?: number;
  /** Run the (idempotent, lock-protected) schema migration on create. Default true. */
  migrate?: boolean;
  /** Page size of reads and subscriptions. Default 500. */
  pageSize?: number;
  /** Subscriptions poll this often when no notification wakes them and no LISTEN session is up. Default 1000 ms. */
  idlePollMs?: number;
  /**
   * The same while this store's LISTEN session is up, so that every append of any process wakes
   * its subscriptions (the poll only catches a NOTIFY lost with an appender that died right after
   * its commit). Default 10000 ms.
   */
  listeningIdlePollMs?: number;
  /** LISTEN/NOTIFY across processes. Default true. */
  notifications?: boolean;
  /** Told of every append (the app's metrics). */
  appendObserver?: AppendObserver;
}

const MAX_REVISION = 9_223_372_036_854_775_807n;

/** Creates the PostgreSQL event store, migrating its schema first unless told not to. */
export async function createPostgresEventStore(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
  const store = new PostgresEventStore(options);
  if (options.migrate !== false) {
    try {
      await store.migrate();
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}

/** The default adapter: plain SQL over `pg`, one round trip per append. */
export class PostgresEventStore implements EventStore, StreamBrowser {
  readonly schema: string;
  private readonly pool: Pool;
  private readonly ownsPool: boolean;
  private readonly sql: Statements;
  private readonly notifier: Notifier;
  private readonly maxEventSizeBytes: number;
  private readonly pageSize: number;
  private readonly idlePollMs: number;
  private readonly listeningIdlePollMs: number;
  private readonly appendObserver: AppendObserver | undefined;
  private readonly subscriptions = new Set<Subscription>();

  constructor(options: PostgresEventStoreOptions) {
    this.schema = options.schema ?? 'chronicle';
    assertSchemaName(this.schema);
    if (options.pool) {
      this.pool = options.pool;
      this.ownsPool = false;
    } else {
      if (!options.connectionString) throw new Error('PostgresEventStore needs a connectionString or a pool');
      // An idle client's network error never crashes the process; the next query reports it.
      this.pool = createPostgresPool({ connectionString: options.connectionString, max: options.poolSize ?? 10, applicationName: 'chronicle-event-store' });
      this.ownsPool = true;
    }
    this.sql = buildStatements(this.schema);
    this.notifier = new Notifier(this.pool, `${this.schema}_events`, options.notifications ?? true);
    this.maxEventSizeBytes = options.maxEventSizeBytes ?? DEFAULT_MAX_EVENT_SIZE_BYTES;
    this.pageSize = options.pageSize ?? 500;
    this.idlePollMs = options.idlePollMs ?? 1000;
    this.listeningIdlePollMs = options.listeningIdlePollMs ?? Math.max(this.idlePollMs, 10_000);
    this.appendObserver = options.appendObserver;
  }

  migrate(): Promise<void> {
    return migrate(this.pool, this.schema);
  }

  appendToStream(streamId: string, events: readonly EventData[], options: AppendOptions = {}): Promise<AppendResult> {
    return instrumentedAppend(streamId, Array.isArray(events) ? events.length : 0, this.appendObserver, async () => {
      const prepared = prepareEvents(streamId, events, this.maxEventSizeBytes);
      const result = await this.guard('appendToStream', streamId, () =>
        appendEvents(this.pool, this.sql, streamId, prepared, options.expectedRevision ?? 'any'),
      );
      this.notifier.appended(
        prepared.map((event) => event.type),
        categoryOf(streamId),
      );
      return result;
    });
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    assertValidStreamId(streamId);
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? 'end' : 'start');
    let next = from === 'start' ? 0n : from === 'end' ? MAX_REVISION : from;
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    const statement = backwards ? this.sql.readStreamBackwards : this.sql.readStreamForwards;
    while (remaining > 0) {
      const limit = Math.min(this.pageSize, remaining);
      const { rows } = await this.guard('readStream', streamId, () =>
        this.pool.query<EventRow & { tombstoned: boolean }>({ ...statement, values: [streamId, next.toString(), limit] }),
      );
      if (rows[0]?.tombstoned) throw new StreamDeletedError(streamId);
      const events = rows.filter((r) => r.event_id !== null);
      for (const row of events) yield toRecordedEvent(row);
      if (events.length < limit) return;
      remaining -= events.length;
      const last = BigInt(events[events.length - 1].revision);
      next = backwards ? last - 1n : last + 1n;
      if (next < 0n) return;
    }
  }

  async readEvent(streamId: string, eventId: string): Promise<RecordedEvent | undefined> {
    assertValidStreamId(streamId);
    if (!isUuid(eventId)) return undefined;
    const { rows } = await this.guard('readEvent', streamId, () =>
      this.pool.query<EventRow>({ ...this.sql.readEvent, values: [eventId, streamId] }),
    );
    return rows[0] ? toRecordedEvent(rows[0]) : undefined;
  }

  async readByCorrelationId(correlationId: string, options: { maxCount?: number } = {}): Promise<RecordedEvent[]> {
    const limit = correlationReadLimit(correlationId, options.maxCount);
    const { rows } = await this.guard('readByCorrelationId', correlationId, () =>
      this.pool.query<EventRow>({ ...this.sql.readByCorrelation, values: [correlationId, limit] }),
    );
    return rows.map(toRecordedEvent);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    let after = options.fromPosition === undefined || options.fromPosition === 'start' ? 0n : options.fromPosition;
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const limit = Math.min(this.pageSize, remaining);
      const page = await this.readAllPage(after, limit, options.filter);
      for (const event of page.events) yield event;
      if (page.events.length < limit) return;
      remaining -= page.events.length;
      after = page.events[page.events.length - 1].position;
    }
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const from = options.fromPosition ?? 'start';
    const subscription: Subscription = new PollingSubscription({
      readPage: (after) => this.readAllPage(after, this.pageSize, options.filter),
      start: async () => (from === 'start' ? 0n : from === 'end' ? this.headPosition() : from),
      notifier: this.notifier,
      pageSize: this.pageSize,
      idlePollMs: this.idlePollMs,
      listeningIdlePollMs: this.listeningIdlePollMs,
      pendingPollMs: 20,
      interested: interestOf(options.filter),
      signal: options.signal,
      onCaughtUp: options.onCaughtUp,
      onEnd: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async deleteStream(streamId: string, options: DeleteStreamOptions = {}): Promise<void> {
    await this.markDeleted('deleteStream', streamId, options.expectedRevision ?? 'any', false);
  }

  async tombstoneStream(streamId: string, options: DeleteStreamOptions = {}): Promise<void> {
    await this.markDeleted('tombstoneStream', streamId, options.expectedRevision ?? 'any', true);
  }

  private async markDeleted(operation: string, streamId: string, expected: ExpectedRevision, tombstone: boolean): Promise<void> {
    assertValidStreamId(streamId);
    await this.guard(operation, streamId, async () => {
      const [kind, revision] = typeof expected === 'bigint' ? ['revision', expected.toString()] : [expected, null];
      const { rowCount } = await this.pool.query({ ...this.sql.deleteStream, values: [streamId, kind, revision, tombstone] });
      if (rowCount) return;
      const state = await streamState(this.pool, this.sql, streamId);
      if (state.tombstoned) throw new StreamDeletedError(streamId);
      throw new WrongExpectedRevisionError(streamId, expected, state.actual);
    });
  }

  async streamRevision(streamId: string): Promise<bigint | undefined> {
    assertValidStreamId(streamId);
    const actual = await this.guard('streamRevision', streamId, () => actualRevision(this.pool, this.sql, streamId));
    return actual === 'no_stream' ? undefined : actual;
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    const text = prepareStreamMetadata(streamId, metadata, this.maxEventSizeBytes);
    const { rowCount } = await this.guard('setStreamMetadata', streamId, () => this.pool.query({ ...this.sql.setMetadata, values: [streamId, text] }));
    if (!rowCount) throw new StreamDeletedError(streamId);
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata | undefined> {
    assertValidStreamId(streamId);
    const state = await this.guard('getStreamMetadata', streamId, () => streamState(this.pool, this.sql, streamId));
    if (state.tombstoned) throw new StreamDeletedError(streamId);
    return (state.metadata as StreamMetadata | null) ?? undefined;
  }

  async categories(): Promise<CategorySummary[]> {
    const { rows } = await this.guard('categories', undefined, () =>
      this.pool.query<{ category: string; streams: string; events: string; last_position: string }>(this.sql.categories),
    );
    return rows.map((r) => ({ category: r.category, streams: Number(r.streams), events: Number(r.events), lastPosition: BigInt(r.last_position) }));
  }

  async streamsOf(category: string, options: { limit?: number; before?: bigint } = {}): Promise<StreamSummaryPage> {
    if (!/^[^-]{1,200}$/.test(category)) throw new EventValidationError(`'${category}' is not a category name`, undefined);
    const limit = Math.min(Math.max(1, options.limit ?? 50), 500);
    const before = options.before ?? MAX_REVISION;
    const { rows } = await this.guard('streamsOf', undefined, () =>
      this.pool.query<{ stream_id: string; revision: string; last_position: string; last_recorded_at: Date }>({
        ...this.sql.streamsOf,
        values: [category, before.toString(), limit + 1],
      }),
    );
    const streams = rows.slice(0, limit).map((r) => ({
      streamId: r.stream_id,
      revision: BigInt(r.revision),
      lastPosition: BigInt(r.last_position),
      lastRecordedAt: r.last_recorded_at,
    }));
    return { streams, next: rows.length > limit ? streams[streams.length - 1]?.lastPosition : undefined };
  }

  async eventById(eventId: string): Promise<RecordedEvent | undefined> {
    if (!isUuid(eventId)) return undefined;
    const { rows } = await this.guard('eventById', undefined, () => this.pool.query<EventRow>({ ...this.sql.eventById, values: [eventId] }));
    return rows[0] ? toRecordedEvent(rows[0]) : undefined;
  }

  async headPosition(): Promise<bigint> {
    const { rows } = await this.guard('headPosition', undefined, () =>
      this.pool.query<{ position: string }>(this.sql.headPosition),
    );
    return BigInt(rows[0].position);
  }

  wakeSubscriptions(): Promise<void> {
    return this.notifier.wakeAll();
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.notifier.close();
    if (this.ownsPool) await this.pool.end();
  }

  private async readAllPage(after: bigint, limit: number, filter: EventFilter | undefined): Promise<AllPage> {
    const types = filter?.eventTypes?.length ? [...filter.eventTypes] : null;
    const categories = filter?.categories?.length ? [...filter.categories] : null;
    const { rows } = await this.guard('readAll', undefined, () =>
      this.pool.query<EventRow & { horizon: string; pending: boolean; last_position: string }>({
        ...this.sql.readAll,
        values: [after.toString(), limit, types, categories],
      }),
    );
    const events = rows.filter((r) => r.event_id !== null).map(toRecordedEvent);
    const last = BigInt(rows[0].last_position);
    return { events, horizon: BigInt(rows[0].horizon), pending: rows[0].pending, ...(rows[0].pending ? {} : { lastEventPosition: last }) };
  }

  /** Typed errors pass through; driver errors are wrapped with the operation and stream (bad data typed as such). */
  private async guard<T>(operation: string, streamId: string | undefined, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof EventStoreError) throw error;
      throw fromPostgresError(error, operation, streamId);
    }
  }
}

/**
 * Whether a wake-up can concern a subscription with `filter`: one that names none of its types
 * (or categories) is skipped; the idle poll still reads, so nothing is missed.
 */
function interestOf(filter: EventFilter | undefined): ((appended: AppendedSummary) => boolean) | undefined {
  const types = filter?.eventTypes?.length ? new Set(filter.eventTypes) : undefined;
  const categories = filter?.categories?.length ? new Set(filter.categories) : undefined;
  if (!types && !categories) return undefined;
  return (appended) =>
    (!types || [...appended.types].some((type) => types.has(type))) &&
    (!categories || [...appended.categories].some((category) => categories.has(category)));
}
