import type { JsonValue, RecordedEvent } from '@chronicle/event-store';
import { withoutSecrets } from '../events/without-secrets';

export interface SagaEvent {
  eventId: string;
  position: string;
  streamId: string;
  revision: string;
  type: string;
  recordedAt: string;
  causationId: string | null;
  data: JsonValue;
}

export interface SagaTimeline {
  correlationId: string;
  events: SagaEvent[];
}

/** Every event one correlation id carries, across contexts, in position order (secrets removed). */
export function toSagaTimeline(correlationId: string, events: readonly RecordedEvent[]): SagaTimeline {
  const ordered = [...events].sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  return {
    correlationId,
    events: ordered.map((event) => ({
      eventId: event.eventId,
      position: event.position.toString(),
      streamId: event.streamId,
      revision: event.revision.toString(),
      type: event.type,
      recordedAt: event.recordedAt.toISOString(),
      causationId: event.causationId ?? null,
      data: withoutSecrets(event.data),
    })),
  };
}
