import type { JsonObject, JsonValue, RecordedEvent } from '@chronicle/event-store';

/** A RecordedEvent as JSON (bigints as strings, dates as ISO): how dead letters keep it. */
export interface StoredEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  revision: string;
  position: string;
  recordedAt: string;
  correlationId?: string;
  causationId?: string;
  data: JsonValue;
  metadata: JsonObject;
}

export function encodeEvent(event: RecordedEvent): StoredEvent {
  return {
    ...event,
    revision: event.revision.toString(),
    position: event.position.toString(),
    recordedAt: event.recordedAt.toISOString(),
  };
}

export function decodeEvent(stored: StoredEvent): RecordedEvent {
  return {
    ...stored,
    revision: BigInt(stored.revision),
    position: BigInt(stored.position),
    recordedAt: new Date(stored.recordedAt),
  };
}
