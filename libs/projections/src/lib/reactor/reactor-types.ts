import type { DomainEvent, EventRegistration } from '@chronicle/event-sourcing';
import type { JsonObject, JsonValue, RecordedEvent } from '@chronicle/event-store';

/** Continues a saga: the correlation id of what is reacted to, caused by it. Fits the repository's HandleOptions. */
export interface Causation {
  correlationId?: string;
  causationId: string;
}

/** The reactor's own keyed bookkeeping (which order holds which stock, say), committed with its checkpoint. */
export interface ReactorState {
  /** The value as committed, or as this batch already set it. */
  get<T extends JsonValue>(key: string): Promise<T | undefined>;
  set(key: string, value: JsonValue): void;
  delete(key: string): void;
}

/** A durable timer of a reactor: fires once it is due, after restarts too, at most once in effect. */
export interface TimerSpec {
  /** Which timer handler fires it (see ReactorOptions.timers). */
  kind: string;
  /** One timer per (kind, key): scheduling it again changes nothing, cancelling removes it. */
  key: string;
  dueAt: Date;
  data?: JsonObject;
}

export interface ReactorTimers {
  schedule(timer: TimerSpec): void;
  cancel(kind: string, key: string): void;
}

/** What a reaction gets for one event: the event as its registry reads it (upcast, validated), and its tools. */
export interface ReactionContext<TEvent extends DomainEvent = DomainEvent> {
  readonly event: TEvent;
  readonly recorded: RecordedEvent;
  /** The id of the command this reaction sends for this event: the same on every redelivery. */
  commandId(discriminator?: string): string;
  readonly causation: Causation;
  readonly state: ReactorState;
  readonly timers: ReactorTimers;
}

/** A timer as it fires. */
export interface FiredTimer {
  kind: string;
  key: string;
  dueAt: Date;
  data: JsonObject;
  correlationId: string | undefined;
  /** The event whose reaction scheduled it. */
  causationId: string;
}

export interface TimerContext {
  readonly timer: FiredTimer;
  /** The id of the command this timer sends: the same however often it fires. */
  commandId(discriminator?: string): string;
  readonly causation: Causation;
}

/** One step of a reactor: events in, commands out. Runs outside any transaction; may run again for the same event. */
export interface Reaction<TEvent extends DomainEvent = DomainEvent> {
  react(context: ReactionContext<TEvent>): Promise<void>;
}

export interface TimerReaction {
  fire(context: TimerContext): Promise<void>;
}

export interface ReactionStep<TReaction> {
  /** Event types this step reacts to. */
  on: string | readonly string[];
  /** Stable name: part of the command ids (`<action>-when-<trigger>`). Never rename a deployed one. */
  name: string;
  run: TReaction;
}

export interface TimerStep<TReaction> {
  kind: string;
  /** Stable name: part of the timer's command ids. */
  name: string;
  run: TReaction;
}

/** What a reactor is, with its steps as instances (defineReactor) or as classes to resolve (Nest). */
export interface ReactorOptions<TReaction = Reaction, TTimer = TimerReaction> {
  /** Stable name: lower-case letters, digits and `_`; its checkpoints, dead letters, state and timers carry it. */
  name: string;
  /** How to read what it reacts to: the publishers' registrations (upcasters included). */
  events: readonly EventRegistration[];
  reactions: readonly ReactionStep<TReaction>[];
  timers?: readonly TimerStep<TTimer>[];
  partitions?: number;
  /** What a poison event holds back (default its stream id). See ProjectionOptions.holdKey. */
  holdKey?: (event: RecordedEvent) => string;
  /** Namespace (a uuid) of its deterministic command ids. Never change it: handled command ids are stored. */
  commandIdNamespace: string;
}
