import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { parseServiceConfig } from '@chronicle/messaging';

const int = (min: number, fallback: number) => z.coerce.number().int().min(min).default(fallback);

const schema = z.object({
  DATABASE_URL: z.string().url({ message: 'is required (the event store, the deliveries outbox and the checkpoint live there)' }),
  /** smtp:// or smtps:// URL of the mail server; absent: e-mails go to the development mailbox. */
  SMTP_URL: z.string().url().optional(),
  /** Slack-compatible incoming webhook; absent: chat messages go to the development mailbox. */
  SLACK_WEBHOOK_URL: z.string().url().optional(),
  MAILBOX_DIR: z.string().min(1).default(join(tmpdir(), 'chronicle-mailbox')),
  MAIL_FROM: z.string().min(3).default('Chronicle <no-reply@chronicle.local>'),
  /** Health and metrics over HTTP (/health/live, /health/ready, /metrics); 0 picks a free port. */
  NOTIFICATIONS_OPS_HOST: z.string().optional(),
  NOTIFICATIONS_OPS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** The names these had before they served metrics too; still read when the new ones are not set. */
  NOTIFICATIONS_HEALTH_HOST: z.string().optional(),
  NOTIFICATIONS_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Where its operators' messages (the admin API's) arrive over TCP; NATS when NATS_URL is set. */
  NOTIFICATIONS_HOST: z.string().default('127.0.0.1'),
  NOTIFICATIONS_PORT: z.coerce.number().int().min(1).max(65535).default(4402),
  NATS_URL: z.string().url().optional(),
  /** Failures of one message (the receiver refused it) before it is parked. */
  NOTIFICATIONS_MAX_ATTEMPTS: int(1, 5),
  /** Bulkhead: concurrent sends per channel. */
  NOTIFICATIONS_CONCURRENCY: int(1, 4),
  NOTIFICATIONS_SEND_TIMEOUT_MS: int(100, 10_000),
  /** Exponential backoff with jitter, for in-process retries and for a refused message's next attempt. */
  NOTIFICATIONS_RETRY_BASE_MS: int(1, 200),
  NOTIFICATIONS_RETRY_MAX_MS: int(1, 60_000),
  /** Consecutive channel failures that open the circuit breaker. */
  NOTIFICATIONS_BREAKER_THRESHOLD: int(1, 5),
  /** How long an open breaker waits before it lets one probe through. */
  NOTIFICATIONS_BREAKER_HALF_OPEN_MS: int(10, 5_000),
  /** The dispatchers' pause while deliveries are due but none could go (an open breaker's probe interval). */
  NOTIFICATIONS_POLL_INTERVAL_MS: int(10, 1_000),
  /**
   * With nothing due, a dispatcher sleeps until the next retry is due, and a new delivery's NOTIFY
   * (sent at the batch's commit) wakes it; it looks again after this at the latest.
   */
  NOTIFICATIONS_IDLE_POLL_MS: int(10, 30_000),
  /** How often a standby process tries to take over a channel. */
  NOTIFICATIONS_LEASE_INTERVAL_MS: int(10, 1_000),
});

export interface ChannelSettings {
  maxAttempts: number;
  concurrency: number;
  sendTimeoutMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  breakerThreshold: number;
  breakerHalfOpenMs: number;
  pollIntervalMs: number;
  idlePollMs: number;
  leaseIntervalMs: number;
}

export interface NotificationsConfig {
  databaseUrl: string;
  smtpUrl?: string;
  slackWebhookUrl?: string;
  mailboxDir: string;
  mailFrom: string;
  /** Where the ops endpoints (health, metrics) listen. */
  ops: { host: string; port: number };
  /** The RPC endpoint of its admin messages. */
  endpoint: { host: string; port: number; natsUrl?: string; queue: string };
  channels: ChannelSettings;
}

export function notificationsConfigFrom(env: Record<string, string | undefined>): NotificationsConfig {
  const e = parseServiceConfig('notifications', schema, env);
  return {
    databaseUrl: e.DATABASE_URL,
    smtpUrl: e.SMTP_URL,
    slackWebhookUrl: e.SLACK_WEBHOOK_URL,
    mailboxDir: e.MAILBOX_DIR,
    mailFrom: e.MAIL_FROM,
    ops: {
      host: e.NOTIFICATIONS_OPS_HOST ?? e.NOTIFICATIONS_HEALTH_HOST ?? '127.0.0.1',
      port: e.NOTIFICATIONS_OPS_PORT ?? e.NOTIFICATIONS_HEALTH_PORT ?? 4401,
    },
    endpoint: { host: e.NOTIFICATIONS_HOST, port: e.NOTIFICATIONS_PORT, natsUrl: e.NATS_URL, queue: 'notifications' },
    channels: {
      maxAttempts: e.NOTIFICATIONS_MAX_ATTEMPTS,
      concurrency: e.NOTIFICATIONS_CONCURRENCY,
      sendTimeoutMs: e.NOTIFICATIONS_SEND_TIMEOUT_MS,
      retryBaseMs: e.NOTIFICATIONS_RETRY_BASE_MS,
      retryMaxMs: e.NOTIFICATIONS_RETRY_MAX_MS,
      breakerThreshold: e.NOTIFICATIONS_BREAKER_THRESHOLD,
      breakerHalfOpenMs: e.NOTIFICATIONS_BREAKER_HALF_OPEN_MS,
      pollIntervalMs: e.NOTIFICATIONS_POLL_INTERVAL_MS,
      idlePollMs: e.NOTIFICATIONS_IDLE_POLL_MS,
      leaseIntervalMs: e.NOTIFICATIONS_LEASE_INTERVAL_MS,
    },
  };
}
