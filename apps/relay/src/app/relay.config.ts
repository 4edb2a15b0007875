import { z } from 'zod';
import { parseServiceConfig } from '@chronicle/messaging';

const int = (min: number, fallback: number) => z.coerce.number().int().min(min).default(fallback);

const schema = z.object({
  DATABASE_URL: z.string().url({ message: 'is required (the event store, lease and checkpoint live there)' }),
  NATS_URL: z.string().min(1, { message: 'is required (NATS with JetStream, e.g. nats://127.0.0.1:4222)' }),
  EVENT_STORE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('chronicle'),
  RELAY_NAME: z.string().min(1).default('relay'),
  RELAY_STREAM: z.string().regex(/^[A-Za-z0-9_-]+$/).default('CHRONICLE'),
  RELAY_SUBJECT_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/).default('chronicle'),
  RELAY_BATCH_SIZE: int(1, 500),
  RELAY_MAX_IN_FLIGHT: int(1, 1000),
  /** Events read from the store per page: reads pause publishing, so fewer, larger pages publish faster. */
  RELAY_READ_PAGE_SIZE: int(1, 2000),
  RELAY_LEASE_INTERVAL_MS: int(50, 1000),
  RELAY_PUBLISH_TIMEOUT_MS: int(100, 5000),
  RELAY_RETRY_DELAY_MS: int(10, 1000),
  /** Must outlast a failover plus a NATS outage: resends inside it are dropped by JetStream. */
  RELAY_DUPLICATE_WINDOW_MS: int(1000, 600_000),
  /** Health and metrics over HTTP (/health/live, /health/ready, /metrics); 0 picks a free port. */
  RELAY_OPS_HOST: z.string().optional(),
  RELAY_OPS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** The names these had before they served metrics too; still read when the new ones are not set. */
  RELAY_HEALTH_HOST: z.string().optional(),
  RELAY_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).optional(),
});

export interface RelayConfig {
  databaseUrl: string;
  natsUrl: string;
  schema: string;
  name: string;
  stream: string;
  subjectPrefix: string;
  batchSize: number;
  maxInFlight: number;
  readPageSize: number;
  leaseIntervalMs: number;
  publishTimeoutMs: number;
  retryDelayMs: number;
  duplicateWindowMs: number;
  /** Where the ops endpoints (health, metrics) listen. */
  ops: { host: string; port: number };
}

export function relayConfigFrom(env: Record<string, string | undefined>): RelayConfig {
  const e = parseServiceConfig('relay', schema, env);
  return {
    databaseUrl: e.DATABASE_URL,
    natsUrl: e.NATS_URL,
    schema: e.EVENT_STORE_SCHEMA,
    name: e.RELAY_NAME,
    stream: e.RELAY_STREAM,
    subjectPrefix: e.RELAY_SUBJECT_PREFIX,
    batchSize: e.RELAY_BATCH_SIZE,
    maxInFlight: e.RELAY_MAX_IN_FLIGHT,
    readPageSize: e.RELAY_READ_PAGE_SIZE,
    leaseIntervalMs: e.RELAY_LEASE_INTERVAL_MS,
    publishTimeoutMs: e.RELAY_PUBLISH_TIMEOUT_MS,
    retryDelayMs: e.RELAY_RETRY_DELAY_MS,
    duplicateWindowMs: e.RELAY_DUPLICATE_WINDOW_MS,
    ops: { host: e.RELAY_OPS_HOST ?? e.RELAY_HEALTH_HOST ?? '0.0.0.0', port: e.RELAY_OPS_PORT ?? e.RELAY_HEALTH_PORT ?? 8080 },
  };
}
