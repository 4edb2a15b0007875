import { createTransport, type Transporter } from 'nodemailer';
import type { SentMessageInfo } from 'nodemailer/lib/smtp-pool';
import type { ChannelSettings } from '../notifications.config';
import { messageIdOf, type Delivery, type EmailMessage } from '../deliveries/delivery';
import type { Channel } from './channel';
import { ChannelUnavailableError, MessageRejectedError } from './channel.errors';

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
}

/** The server answered a command of this message's transaction (MAIL FROM, RCPT TO, DATA): the refusal is the message's. */
function isRefusalOfMessage(error: SmtpError): boolean {
  return (error.code === 'EENVELOPE' || error.code === 'EMESSAGE') && error.responseCode !== undefined && error.responseCode !== 421;
}

/** Builds the e-mail; its Message-ID derives from the event, so a resend is recognisably the same message. */
export function toMail(from: string, delivery: Delivery) {
  const message = delivery.message as EmailMessage;
  return {
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: messageIdOf(delivery),
    headers: { 'X-Chronicle-Event-Id': delivery.eventId, 'X-Chronicle-Handler': delivery.handler },
  };
}

/** E-mail over SMTP (pooled connections, one per bulkhead slot). */
export class SmtpEmailChannel implements Channel {
  readonly name = 'email';
  readonly target: string;
  private readonly transport: Transporter<SentMessageInfo>;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    settings: ChannelSettings,
  ) {
    const url = new URL(smtpUrl);
    this.target = `${url.protocol}//${url.host}`;
    this.transport = createTransport({
      host: url.hostname,
      port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
      secure: url.protocol === 'smtps:',
      auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
      pool: true,
      maxConnections: settings.concurrency,
      connectionTimeout: settings.sendTimeoutMs,
      greetingTimeout: settings.sendTimeoutMs,
      socketTimeout: settings.sendTimeoutMs,
    });
  }

  async send(delivery: Delivery): Promise<void> {
    try {
      await this.transport.sendMail(toMail(this.from, delivery));
    } catch (error) {
      const e = error as SmtpError;
      if (isRefusalOfMessage(e)) throw new MessageRejectedError(`SMTP ${e.responseCode}: ${e.message}`, { cause: e });
      throw new ChannelUnavailableError('email', e);
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
