/** A domain event as the domain sees it: a named fact and its (current-version) payload. */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
}

/**
 * Domain logic as three pure functions (the "decider" pattern). Domain code implements this
 * without importing Nest or a database; the repository does the I/O around it.
 */
export interface Decider<TCommand, TEvent extends DomainEvent, TState> {
  initialState(): TState;
  /** Returns the events the command produces, or throws a typed domain error. */
  decide(command: TCommand, state: TState): readonly TEvent[];
  evolve(state: TState, event: TEvent): TState;
}

/** Folds events into state, from `initialState()` or from a given state. */
export function foldEvents<TEvent extends DomainEvent, TState>(
  decider: Pick<Decider<unknown, TEvent, TState>, 'initialState' | 'evolve'>,
  events: Iterable<TEvent>,
  state: TState = decider.initialState(),
): TState {
  let current = state;
  for (const event of events) current = decider.evolve(current, event);
  return current;
}
