/** The channels a notification goes out on. */
export type ChannelName = 'email' | 'chat';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface ChatMessage {
  /** Slack mrkdwn. */
  text: string;
}

/** What a handler decides to send for one event: rendered, so a resend is byte-for-byte the same message. */
export type DeliveryDraft = { channel: 'email'; recipient: string; message: EmailMessage } | { channel: 'chat'; recipient: string; message: ChatMessage };

/** A handler that has nobody to send to records why, instead of silently doing nothing. */
export interface DeliverySkip {
  channel: ChannelName;
  skipped: string;
}

export type DeliveryStatus = 'pending' | 'sent' | 'parked' | 'skipped';

/** One row of the deliveries outbox, keyed by (handler, event id): the inbox record of that effect. */
export interface Delivery {
  handler: string;
  eventId: string;
  eventType: string;
  channel: ChannelName;
  recipient: string;
  message: EmailMessage | ChatMessage;
  /** Failures charged to this message (the receiver refused it); channel outages are not charged. */
  attempts: number;
  /** W3C trace context of the projection's handling of the event, which the send continues. */
  trace: { traceparent?: string; tracestate?: string };
  correlationId?: string;
}

/** `<event id>.<handler>`: unique per effect, stable across resends. */
export const deliveryKey = (d: Pick<Delivery, 'handler' | 'eventId'>): string => `${d.eventId}.${d.handler}`;

/** The e-mail's Message-ID: a receiver that already has it can drop the resend. */
export const messageIdOf = (d: Pick<Delivery, 'handler' | 'eventId'>): string => `<${deliveryKey(d)}@chronicle>`;

/** The webhook's Idempotency-Key header, same idea as the Message-ID. */
export const idempotencyKeyOf = (d: Pick<Delivery, 'handler' | 'eventId'>): string => deliveryKey(d);
