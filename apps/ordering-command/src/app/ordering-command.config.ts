import { registerAs } from '@nestjs/config';
import { z } from 'zod';
import { parseServiceConfig } from '@chronicle/messaging';

const schema = z.object({
  DATABASE_URL: z.string().url({ message: 'is required (run `npm start` for a local database, or point it at PostgreSQL)' }),
  ORDERING_COMMAND_HOST: z.string().default('127.0.0.1'),
  ORDERING_COMMAND_PORT: z.coerce.number().int().min(1).max(65535).default(4301),
  ORDERING_COMMAND_OPS_HOST: z.string().default('127.0.0.1'),
  /** Health and metrics over HTTP (/health/live, /health/ready, /metrics); 0 picks a free port. */
  ORDERING_COMMAND_OPS_PORT: z.coerce.number().int().min(0).max(65535).default(4311),
  NATS_URL: z.string().url().optional(),
  /** How long an order may stay PENDING (waiting for inventory) before it expires. */
  ORDER_PENDING_TIMEOUT_MS: z.coerce.number().int().min(1).default(15 * 60_000),
  /** How often the expiry timers are checked for due ones. */
  ORDER_TIMER_POLL_MS: z.coerce.number().int().min(10).max(3_600_000).default(1_000),
});

export interface OrderingCommandConfig {
  databaseUrl: string;
  host: string;
  port: number;
  /** Where the ops endpoints (health, metrics) listen. */
  ops: { host: string; port: number };
  natsUrl?: string;
  orderPendingTimeoutMs: number;
  orderTimerPollMs: number;
}

export function orderingCommandConfigFrom(env: Record<string, string | undefined>): OrderingCommandConfig {
  const e = parseServiceConfig('ordering-command', schema, env);
  return {
    databaseUrl: e.DATABASE_URL,
    host: e.ORDERING_COMMAND_HOST,
    port: e.ORDERING_COMMAND_PORT,
    ops: { host: e.ORDERING_COMMAND_OPS_HOST, port: e.ORDERING_COMMAND_OPS_PORT },
    natsUrl: e.NATS_URL,
    orderPendingTimeoutMs: e.ORDER_PENDING_TIMEOUT_MS,
    orderTimerPollMs: e.ORDER_TIMER_POLL_MS,
  };
}

export const orderingCommandConfig = registerAs('orderingCommand', () => orderingCommandConfigFrom(process.env));
