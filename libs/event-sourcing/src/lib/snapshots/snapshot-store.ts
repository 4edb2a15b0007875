import type { JsonValue } from '@chronicle/event-store';

export interface Snapshot {
  streamId: string;
  /** Revision of the last event folded into `state`. */
  revision: bigint;
  /** The aggregate's snapshot schema version; a snapshot of another version is ignored. */
  version: number;
  state: JsonValue;
}

/** Where snapshots live. Losing one is harmless: it is rebuilt from the events. */
export interface SnapshotStore {
  load(streamId: string): Promise<Snapshot | undefined>;
  /** Keeps the newer of the stored and the given snapshot (or replaces one of another version). */
  save(snapshot: Snapshot): Promise<void>;
}
