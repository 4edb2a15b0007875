import type { JsonObject, JsonValue, RecordedEvent } from '../types';

/** Columns every event query selects (see `eventColumns` in sql.ts). */
export interface EventRow {
  position: string;
  event_id: string;
  stream_id: string;
  revision: string;
  type: string;
  schema_version: number;
  data: JsonValue;
  metadata: JsonObject;
  correlation_id: string | null;
  causation_id: string | null;
  recorded_at: Date;
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  const event: RecordedEvent = {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    streamId: row.stream_id,
    revision: BigInt(row.revision),
    position: BigInt(row.position),
    recordedAt: row.recorded_at,
    data: row.data,
    metadata: row.metadata,
  };
  if (row.correlation_id !== null) event.correlationId = row.correlation_id;
  if (row.causation_id !== null) event.causationId = row.causation_id;
  return event;
}
