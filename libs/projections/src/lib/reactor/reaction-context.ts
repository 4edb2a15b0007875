import type { DomainEvent } from '@chronicle/event-sourcing';
import type { JsonObject, JsonValue, RecordedEvent } from '@chronicle/event-store';
import { v5 as uuidv5 } from 'uuid';
import type { Causation, FiredTimer, ReactionContext, ReactorState, ReactorTimers, TimerContext, TimerSpec } from './reactor-types';

/** What the reactions of a batch wrote, to be committed with its checkpoint (null: deleted / cancelled). */
export class StagedEffects {
  readonly state = new Map<string, JsonValue | null>();
  /** A scheduled timer remembers the hold key of the event that scheduled it: it does not fire while that key is held. */
  readonly timers = new Map<string, (TimerSpec & { correlationId?: string; causationId: string; holdKey?: string }) | null>();

  /** Takes over what `other` (one event's successful reaction) staged. */
  absorb(other: StagedEffects): void {
    for (const [key, value] of other.state) this.state.set(key, value);
    for (const [key, value] of other.timers) this.timers.set(key, value);
  }

  get empty(): boolean {
    return this.state.size === 0 && this.timers.size === 0;
  }
}

export const timerKey = (kind: string, key: string): string => JSON.stringify([kind, key]);

/** Reads committed state (the reactor's table), outside any transaction. */
export type StateReader = (key: string) => Promise<JsonValue | undefined>;

export function causationOf(event: RecordedEvent): Causation {
  return { ...(event.correlationId ? { correlationId: event.correlationId } : {}), causationId: event.eventId };
}

/** The context of one reaction to one event; its writes go to `staged` (the event's own), read back through `batch`. */
export function reactionContext<TEvent extends DomainEvent>(args: {
  event: TEvent;
  recorded: RecordedEvent;
  step: string;
  namespace: string;
  staged: StagedEffects;
  batch: StagedEffects;
  read: StateReader;
  /** The event's hold key (its dead letters hold back this key's timers too). */
  holdKey?: string;
}): ReactionContext<TEvent> {
  const { recorded, step, namespace, staged, batch, read, holdKey } = args;
  const causation = causationOf(recorded);
  const state: ReactorState = {
    async get<T extends JsonValue>(key: string): Promise<T | undefined> {
      for (const effects of [staged, batch]) {
        if (effects.state.has(key)) return (effects.state.get(key) ?? undefined) as T | undefined;
      }
      return (await read(key)) as T | undefined;
    },
    set: (key, value) => void staged.state.set(key, value),
    delete: (key) => void staged.state.set(key, null),
  };
  const timers: ReactorTimers = {
    schedule: (timer) => void staged.timers.set(timerKey(timer.kind, timer.key), { ...timer, ...causation, ...(holdKey === undefined ? {} : { holdKey }) }),
    cancel: (kind, key) => void staged.timers.set(timerKey(kind, key), null),
  };
  return {
    event: args.event,
    recorded,
    causation,
    state,
    timers,
    commandId: (discriminator) => uuidv5(`${recorded.eventId}/${step}${discriminator ? `/${discriminator}` : ''}`, namespace),
  };
}

export function timerContext(timer: FiredTimer, step: string, namespace: string): TimerContext {
  return {
    timer,
    causation: { ...(timer.correlationId ? { correlationId: timer.correlationId } : {}), causationId: timer.causationId },
    commandId: (discriminator) => uuidv5(`timer/${timer.kind}/${timer.key}/${step}${discriminator ? `/${discriminator}` : ''}`, namespace),
  };
}

export type TimerData = JsonObject;
