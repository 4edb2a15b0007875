/**
 * The receiver answered and refused THIS message (an SMTP 5xx to RCPT TO, an HTTP 400): charged to
 * the message, which is parked after N of them. Any other error is the channel's (down, timing
 * out, 5xx): charged to nobody, it feeds the circuit breaker and the message waits.
 */
export class MessageRejectedError extends Error {
  readonly code = 'NOTIFICATION_REJECTED';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MessageRejectedError';
  }
}

/** The channel could not take messages at all; wraps the driver error. */
export class ChannelUnavailableError extends Error {
  readonly code = 'NOTIFICATION_CHANNEL_UNAVAILABLE';

  constructor(channel: string, cause: unknown) {
    super(`${channel}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ChannelUnavailableError';
  }
}

export const isMessageRejected = (error: unknown): error is MessageRejectedError => error instanceof MessageRejectedError;
