import type { JsonObject, RecordedEvent } from '@chronicle/event-store';
import { withoutSecrets } from '../events/without-secrets';

/** An event as the admin API answers it (docs/admin-api.md): decimal positions, ISO time, no secrets. */
export interface AdminEvent {
  eventId: string;
  streamId: string;
  revision: string;
  position: string;
  type: string;
  schemaVersion: number;
  recordedAt: string;
  correlationId: string | null;
  causationId: string | null;
  data: unknown;
  metadata: JsonObject;
}

export function toAdminEvent(event: RecordedEvent): AdminEvent {
  return {
    eventId: event.eventId,
    streamId: event.streamId,
    revision: event.revision.toString(),
    position: event.position.toString(),
    type: event.type,
    schemaVersion: event.schemaVersion,
    recordedAt: event.recordedAt.toISOString(),
    correlationId: event.correlationId ?? null,
    causationId: event.causationId ?? null,
    data: withoutSecrets(event.data),
    metadata: event.metadata,
  };
}

/** The same for an event that already crossed RPC as JSON (a dead letter's, time travel's). */
export function scrubbed<T extends { data?: unknown }>(event: T | null | undefined): T | null {
  if (!event) return null;
  return { ...event, data: withoutSecrets(event.data as never) };
}
