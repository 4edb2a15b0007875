import { idempotencyKeyOf, type ChatMessage, type Delivery } from '../deliveries/delivery';
import type { Channel } from './channel';
import { ChannelUnavailableError, MessageRejectedError } from './channel.errors';

/** 4xx means "not this message", except these, which mean "not now". */
const RETRYABLE_CLIENT_ERRORS = new Set([408, 409, 425, 429]);

/** A Slack-compatible incoming webhook: `{ text }` as JSON, with an Idempotency-Key derived from the event. */
export class WebhookChatChannel implements Channel {
  readonly name = 'chat';
  readonly target: string;

  constructor(private readonly url: string) {
    const parsed = new URL(url);
    // Slack puts the secret in the path: show the host only.
    this.target = `${parsed.protocol}//${parsed.host}`;
  }

  async send(delivery: Delivery, signal: AbortSignal): Promise<void> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': idempotencyKeyOf(delivery),
          'x-chronicle-event-id': delivery.eventId,
        },
        body: JSON.stringify({ text: (delivery.message as ChatMessage).text }),
        signal,
      });
    } catch (error) {
      throw new ChannelUnavailableError('chat', error);
    }
    const body = await response.text().catch(() => '');
    if (response.ok) return;
    const detail = `HTTP ${response.status}${body ? `: ${body.slice(0, 200)}` : ''}`;
    if (response.status >= 400 && response.status < 500 && !RETRYABLE_CLIENT_ERRORS.has(response.status)) throw new MessageRejectedError(detail);
    throw new ChannelUnavailableError('chat', new Error(detail));
  }

  async close(): Promise<void> {
    // fetch keeps no connection we own.
  }
}
