import type { ChannelName, Delivery } from '../deliveries/delivery';

/** Where one kind of delivery goes (an SMTP server, a webhook, or a development sink). */
export interface Channel {
  readonly name: ChannelName;
  /** For logs and health: where messages go, without secrets. */
  readonly target: string;
  /** Resolves once the receiver accepted the message; throws MessageRejectedError or a channel failure. */
  send(delivery: Delivery, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}
