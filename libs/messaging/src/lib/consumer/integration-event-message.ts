import type { JsonValue } from '@chronicle/event-store';
import type { JsMsg } from 'nats';
import { IntegrationHeaders } from '../integration/integration-headers';

/** A received integration event, as a handler sees it. */
export interface IntegrationEventMessage {
  /** The producing domain event's id: the inbox key. */
  eventId: string;
  subject: string;
  type: string;
  schemaVersion: number;
  correlationId: string | undefined;
  causationId: string | undefined;
  data: JsonValue;
  /** 1 on first delivery. */
  deliveryCount: number;
  streamSequence: number;
}

/** Thrown for a message without the headers every relayed event carries: it goes straight to the dead letters. */
export class MalformedIntegrationMessageError extends Error {
  readonly code = 'MALFORMED_INTEGRATION_MESSAGE';
}

export function toIntegrationEventMessage(msg: JsMsg): IntegrationEventMessage {
  const header = (name: string): string | undefined => (msg.headers?.has(name) ? msg.headers.get(name) : undefined);
  const eventId = header(IntegrationHeaders.eventId) ?? header('Nats-Msg-Id');
  const type = header(IntegrationHeaders.eventType);
  if (!eventId || !type) throw new MalformedIntegrationMessageError(`Message ${msg.info.streamSequence} on ${msg.subject} has no event id or event type`);
  return {
    eventId,
    subject: msg.subject,
    type,
    schemaVersion: Number(header(IntegrationHeaders.schemaVersion) ?? 1),
    correlationId: header(IntegrationHeaders.correlationId),
    causationId: header(IntegrationHeaders.causationId),
    data: msg.json<JsonValue>(),
    deliveryCount: msg.info.redeliveryCount,
    streamSequence: msg.info.streamSequence,
  };
}
