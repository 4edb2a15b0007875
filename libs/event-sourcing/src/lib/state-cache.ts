/** A stream's state folded up to a revision, as this process last loaded or wrote it. */
export interface CachedState<TState> {
  readonly state: TState;
  readonly revision: bigint;
}

/**
 * The states of the streams this process worked on last, least recently used out first: an
 * in-memory snapshot. A load starts from it and reads only the events after its revision, so
 * another writer's events are always folded in, and the append's expected revision still
 * catches a race. Deciders are pure (`evolve` returns a new state), so a cached state is never
 * changed by a later fold.
 */
export class StateCache<TState> {
  private readonly entries = new Map<string, CachedState<TState>>();

  constructor(private readonly capacity: number) {}

  get(streamId: string): CachedState<TState> | undefined {
    const entry = this.entries.get(streamId);
    if (entry) {
      // Map keeps insertion order: re-inserting makes it the most recently used.
      this.entries.delete(streamId);
      this.entries.set(streamId, entry);
    }
    return entry;
  }

  set(streamId: string, state: TState, revision: bigint): void {
    if (this.capacity <= 0) return;
    const current = this.entries.get(streamId);
    // Never step back: a slower load must not replace what a later append left.
    if (current && current.revision > revision) return;
    this.entries.delete(streamId);
    this.entries.set(streamId, { state, revision });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  forget(streamId: string): void {
    this.entries.delete(streamId);
  }
}
