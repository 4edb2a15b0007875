import type { RecordedEvent } from './types';

/** A category of streams (`<category>-<id>`) with how much it holds. */
export interface CategorySummary {
  category: string;
  streams: number;
  events: number;
  lastPosition: bigint;
}

/** A stream as an operator lists it. */
export interface StreamSummary {
  streamId: string;
  /** Its last revision (events = revision + 1 unless it was truncated by a soft delete). */
  revision: bigint;
  lastPosition: bigint;
  lastRecordedAt: Date;
}

export interface StreamSummaryPage {
  streams: StreamSummary[];
  /** Pass as `before` for the next (older) page; undefined on the last one. */
  next: bigint | undefined;
}

/**
 * What operators browse beyond the EventStore port: categories, the streams of one (most recent
 * first), an event by its id alone. Adapters that cannot answer these cheaply do not implement it.
 */
export interface StreamBrowser {
  categories(): Promise<CategorySummary[]>;
  streamsOf(category: string, options?: { limit?: number; before?: bigint }): Promise<StreamSummaryPage>;
  eventById(eventId: string): Promise<RecordedEvent | undefined>;
}

export const isStreamBrowser = (store: unknown): store is StreamBrowser =>
  typeof (store as Partial<StreamBrowser> | null)?.categories === 'function' && typeof (store as Partial<StreamBrowser>).streamsOf === 'function';
