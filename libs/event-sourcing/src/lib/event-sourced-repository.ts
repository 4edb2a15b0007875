import {
  isDuplicateEventIdError,
  isWrongExpectedRevisionError,
  WrongExpectedRevisionError,
  type EventData,
  type EventStore,
  type JsonObject,
  type JsonValue,
  type RecordedEvent,
} from '@chronicle/event-store';
import { ExponentialBackoff, handleWhen, retry, type RetryPolicy } from 'cockatiel';
import { commandEventId } from './command-event-ids';
import { foldEvents, type Decider, type DomainEvent } from './decider';
import { ConcurrencyConflictError } from './errors';
import type { EventRegistry } from './event-registry';
import type { SnapshotStore } from './snapshots/snapshot-store';
import { StateCache } from './state-cache';

/** Every command carries an id; a command sent twice with one id is handled once. */
export interface Command {
  readonly commandId: string;
}

export interface SnapshotPolicy<TState> {
  /** Take a snapshot whenever the stream crosses a multiple of this many events. */
  every: number;
  /** Version of the snapshot's shape; bump it when TState changes and old snapshots are ignored. */
  version: number;
  toSnapshot?: (state: TState) => JsonValue;
  fromSnapshot?: (snapshot: JsonValue) => TState;
}

export interface AggregateDefinition<TCommand extends Command, TEvent extends DomainEvent, TState> {
  /** Stream category: the aggregate `42` lives in stream `<category>-42`. */
  category: string;
  decider: Decider<TCommand, TEvent, TState>;
  snapshots?: SnapshotPolicy<TState>;
}

/** Correlation of the work in progress (a request, a message), stamped on every event. */
export interface CorrelationContext {
  correlationId?: string;
  /** Free metadata such as `actor` or `tenant`. */
  metadata?: JsonObject;
}

/** An event as published in-process after it was stored. */
export interface StoredDomainEvent<TEvent extends DomainEvent = DomainEvent> {
  readonly event: TEvent;
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: bigint;
  readonly correlationId?: string;
  readonly causationId: string;
}

export interface RepositoryOptions {
  store: EventStore;
  registry: EventRegistry;
  snapshotStore?: SnapshotStore;
  correlation?: () => CorrelationContext;
  /** Called after the events are durably appended, never before. */
  publish?: (events: StoredDomainEvent[]) => void;
  /** Conflict retries: attempts in all, and the jittered exponential backoff between them. */
  retry?: { maxAttempts?: number; initialDelayMs?: number; maxDelayMs?: number };
  /**
   * Keep the state of this many streams in memory (see StateCache): a command then loads only the
   * events since it, without the snapshot and without re-folding the stream. 0 (default): off.
   */
  stateCacheSize?: number;
}

export interface HandleOptions {
  /** The revision the caller saw: no retry, a stream that moved on is a WrongExpectedRevisionError. */
  expectedRevision?: bigint;
  /** Overrides the ambient correlation id (e.g. a reaction continuing the correlation of the event it reacts to). */
  correlationId?: string;
  /** What caused the command (e.g. the id of the event a reaction reacts to); defaults to the commandId. */
  causationId?: string;
}

export interface LoadedAggregate<TState> {
  state: TState;
  /** Revision of the last event folded in; undefined when the stream does not exist. */
  revision: bigint | undefined;
  /** Events read from the store (after the snapshot or the cached state, if one was used). */
  eventsRead: number;
  fromSnapshot: boolean;
  /** Started from the state this process had in memory (RepositoryOptions.stateCacheSize). */
  fromCache: boolean;
}

export interface HandleResult<TEvent extends DomainEvent> {
  events: TEvent[];
  /** Stream revision after the command (undefined when the stream does not exist). */
  revision: bigint | undefined;
  /** Global position of the command's last event: wait for it to read your writes. Null when nothing was written. */
  position: bigint | null;
  /** True when the command had been handled before and this is its original result. */
  duplicate: boolean;
}

/** Loads aggregates (snapshot + tail), runs commands through the decider and appends the events. */
/** What time travel answers: the folded state at a revision and the event that led to it. */
export interface StateAtRevision<TState, TEvent extends DomainEvent> {
  streamId: string;
  state: TState;
  /** The revision folded up to (undefined: the stream has no event there). */
  revision: bigint | undefined;
  last: { event: TEvent; recorded: RecordedEvent } | undefined;
}

export class EventSourcedRepository<TCommand extends Command, TEvent extends DomainEvent, TState> {
  private readonly retryPolicy: RetryPolicy;
  private readonly maxAttempts: number;
  private readonly cache: StateCache<TState>;

  constructor(
    private readonly definition: AggregateDefinition<TCommand, TEvent, TState>,
    private readonly options: RepositoryOptions,
  ) {
    this.maxAttempts = options.retry?.maxAttempts ?? 10;
    this.cache = new StateCache(options.stateCacheSize ?? 0);
    this.retryPolicy = retry(handleWhen(isWrongExpectedRevisionError), {
      maxAttempts: this.maxAttempts - 1,
      backoff: new ExponentialBackoff({
        initialDelay: options.retry?.initialDelayMs ?? 5,
        maxDelay: options.retry?.maxDelayMs ?? 250,
      }),
    });
  }

  streamId(id: string): string {
    return `${this.definition.category}-${id}`;
  }

  async load(id: string): Promise<LoadedAggregate<TState>> {
    const streamId = this.streamId(id);
    const cached = this.cache.get(streamId);
    if (cached) return this.loadAfter(streamId, cached.state, cached.revision, { fromSnapshot: false, fromCache: true });
    const policy = this.definition.snapshots;
    const snapshot = policy ? await this.options.snapshotStore?.load(streamId) : undefined;
    const usable = snapshot && snapshot.version === policy?.version ? snapshot : undefined;
    const fromSnapshot = policy?.fromSnapshot ?? ((s: JsonValue) => s as TState);
    const initial = usable ? fromSnapshot(usable.state) : this.definition.decider.initialState();
    const loaded = await this.loadAfter(streamId, initial, usable?.revision, { fromSnapshot: usable !== undefined, fromCache: false });
    // A missing or outdated snapshot is rebuilt as soon as the stream is long enough to need one.
    if (policy && !usable && loaded.revision !== undefined && loaded.revision + 1n >= BigInt(policy.every)) await this.saveSnapshot(streamId, loaded);
    return loaded;
  }

  /** Folds the stream's events after `revision` (all of them when undefined) into `state`. */
  private async loadAfter(
    streamId: string,
    initial: TState,
    from: bigint | undefined,
    source: Pick<LoadedAggregate<TState>, 'fromSnapshot' | 'fromCache'>,
  ): Promise<LoadedAggregate<TState>> {
    let state = initial;
    let revision = from;
    let eventsRead = 0;
    for await (const recorded of this.options.store.readStream(streamId, { fromRevision: from === undefined ? 'start' : from + 1n })) {
      state = this.definition.decider.evolve(state, this.toDomainEvent(recorded));
      revision = recorded.revision;
      eventsRead++;
    }
    if (revision !== undefined) this.cache.set(streamId, state, revision);
    return { state, revision, eventsRead, ...source };
  }

  /**
   * Time travel: the state folded from the stream's events up to `revision` (inclusive; latest
   * when omitted), each read through the same registry and upcasters as a command's load, and
   * what the last of them was. No snapshot: the answer must not depend on one.
   */
  async stateAt(id: string, revision?: bigint): Promise<StateAtRevision<TState, TEvent>> {
    const streamId = this.streamId(id);
    let state = this.definition.decider.initialState();
    let reached: bigint | undefined;
    let last: { event: TEvent; recorded: RecordedEvent } | undefined;
    const maxCount = revision === undefined ? undefined : Number(revision + 1n);
    if (maxCount !== undefined && (maxCount < 1 || !Number.isSafeInteger(maxCount))) return { streamId, state, revision: undefined, last: undefined };
    for await (const recorded of this.options.store.readStream(streamId, { fromRevision: 'start', ...(maxCount ? { maxCount } : {}) })) {
      const event = this.toDomainEvent(recorded);
      state = this.definition.decider.evolve(state, event);
      reached = recorded.revision;
      last = { event, recorded };
    }
    return { streamId, state, revision: reached, last };
  }

  /**
   * Loads, decides and appends at the loaded revision; conflicts are retried, then a
   * ConcurrencyConflictError. With `expectedRevision` (the revision the caller saw) there is
   * no retry: a stream that moved on is the caller's WrongExpectedRevisionError.
   */
  async handle(id: string, command: TCommand, options: HandleOptions = {}): Promise<HandleResult<TEvent>> {
    const streamId = this.streamId(id);
    if (options.expectedRevision !== undefined) return this.handleOnce(streamId, id, command, options);
    try {
      return await this.retryPolicy.execute(() => this.handleOnce(streamId, id, command, options));
    } catch (error) {
      if (isWrongExpectedRevisionError(error)) throw new ConcurrencyConflictError(streamId, this.maxAttempts, error);
      throw error;
    }
  }

  /**
   * The earlier result of a command that was already handled (found by its deterministic event
   * ids) is what a re-sent command answers. It is looked up only when this decision cannot
   * stand on its own: the stream is not where the caller expected, the decider refuses or has
   * nothing to do, or the append clashes with stored events. A command that goes through (the
   * common case) costs no lookup: had it been handled before, its events' ids would clash.
   */
  private async handleOnce(streamId: string, id: string, command: TCommand, options: HandleOptions): Promise<HandleResult<TEvent>> {
    const expected = options.expectedRevision;
    const loaded = await this.load(id);
    if (expected !== undefined && loaded.revision !== expected) {
      const earlier = await this.earlierResult(streamId, command.commandId);
      if (earlier) return earlier;
      throw new WrongExpectedRevisionError(streamId, expected, loaded.revision ?? 'no_stream');
    }
    let events: TEvent[];
    try {
      events = [...this.definition.decider.decide(command, loaded.state)];
    } catch (error) {
      const earlier = await this.earlierResult(streamId, command.commandId);
      if (earlier) return earlier;
      throw error;
    }
    if (events.length === 0) {
      return (await this.earlierResult(streamId, command.commandId)) ?? { events, revision: loaded.revision, position: null, duplicate: false };
    }

    const context = this.options.correlation?.() ?? {};
    const correlationId = options.correlationId ?? context.correlationId;
    const metadata = context.metadata;
    const causationId = options.causationId ?? command.commandId;
    const toAppend: EventData[] = events.map((event, index) => ({
      id: commandEventId(command.commandId, index),
      type: event.type,
      schemaVersion: this.options.registry.validateForWrite(event),
      data: event.data as JsonValue,
      metadata: { ...metadata, ...(correlationId ? { correlationId } : {}), causationId },
    }));
    let appended: Awaited<ReturnType<EventStore['appendToStream']>>;
    try {
      appended = await this.options.store.appendToStream(streamId, toAppend, { expectedRevision: loaded.revision ?? 'no_stream' });
    } catch (error) {
      if (isWrongExpectedRevisionError(error) || isDuplicateEventIdError(error)) {
        const earlier = await this.earlierResult(streamId, command.commandId);
        if (earlier) return earlier;
      }
      throw error;
    }

    this.options.publish?.(
      toAppend.map((data, index) => ({
        event: events[index],
        eventId: data.id as string,
        streamId,
        revision: appended.nextRevision - BigInt(toAppend.length - 1 - index),
        ...(correlationId ? { correlationId } : {}),
        causationId,
      })),
    );
    const state = foldEvents(this.definition.decider, events, loaded.state);
    this.cache.set(streamId, state, appended.nextRevision);
    await this.snapshotIfDue(streamId, loaded.revision, state, appended.nextRevision);
    return { events, revision: appended.nextRevision, position: appended.position, duplicate: false };
  }

  /** The original result of a command that was already handled, found by its deterministic first event id. */
  private async earlierResult(streamId: string, commandId: string): Promise<HandleResult<TEvent> | undefined> {
    const first = await this.options.store.readEvent(streamId, commandEventId(commandId, 0));
    if (!first) return undefined;
    const events: TEvent[] = [];
    let last: RecordedEvent = first;
    for await (const recorded of this.options.store.readStream(streamId, { fromRevision: first.revision })) {
      // The command's events are the ones with its deterministic ids, in order.
      if (recorded.eventId !== commandEventId(commandId, events.length)) break;
      events.push(this.toDomainEvent(recorded));
      last = recorded;
    }
    return { events, revision: last.revision, position: last.position, duplicate: true };
  }

  private toDomainEvent(recorded: RecordedEvent): TEvent {
    return this.options.registry.upcast(recorded.type, recorded.schemaVersion, recorded.data) as TEvent;
  }

  private async snapshotIfDue(streamId: string, loadedRevision: bigint | undefined, state: TState, revision: bigint): Promise<void> {
    const policy = this.definition.snapshots;
    if (!policy || !this.options.snapshotStore) return;
    const every = BigInt(policy.every);
    const before = loadedRevision === undefined ? 0n : (loadedRevision + 1n) / every;
    if ((revision + 1n) / every === before) return;
    await this.saveSnapshot(streamId, { state, revision, eventsRead: 0, fromSnapshot: false, fromCache: false });
  }

  private async saveSnapshot(streamId: string, loaded: LoadedAggregate<TState>): Promise<void> {
    const policy = this.definition.snapshots;
    if (!policy || !this.options.snapshotStore || loaded.revision === undefined) return;
    const state = (policy.toSnapshot ?? ((s: TState) => s as JsonValue))(loaded.state);
    // A snapshot is an optimisation: failing to save one must not fail the command.
    await this.options.snapshotStore
      .save({ streamId, revision: loaded.revision, version: policy.version, state })
      .catch(() => undefined);
  }
}
