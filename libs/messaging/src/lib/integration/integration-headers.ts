import type { RecordedEvent } from '@chronicle/event-store';

/**
 * Header names of a published integration event. `Nats-Msg-Id` is the event id too, but it is
 * JetStream's dedup key; consumers key their inbox on `Chronicle-Event-Id`, which also survives a
 * republish outside the duplicate window or under another message id.
 */
export const IntegrationHeaders = {
  eventId: 'Chronicle-Event-Id',
  eventType: 'Chronicle-Event-Type',
  schemaVersion: 'Chronicle-Schema-Version',
  correlationId: 'Chronicle-Correlation-Id',
  causationId: 'Chronicle-Causation-Id',
  occurredAt: 'Chronicle-Occurred-At',
  position: 'Chronicle-Position',
} as const;

export function integrationHeaders(event: RecordedEvent, schemaVersion: number): Record<string, string> {
  const headers: Record<string, string> = {
    [IntegrationHeaders.eventId]: event.eventId,
    [IntegrationHeaders.eventType]: event.type,
    [IntegrationHeaders.schemaVersion]: String(schemaVersion),
    [IntegrationHeaders.occurredAt]: event.recordedAt.toISOString(),
    [IntegrationHeaders.position]: event.position.toString(),
  };
  if (event.correlationId) headers[IntegrationHeaders.correlationId] = event.correlationId;
  if (event.causationId) headers[IntegrationHeaders.causationId] = event.causationId;
  return headers;
}
