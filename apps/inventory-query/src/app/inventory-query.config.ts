import { registerAs } from '@nestjs/config';
import { z } from 'zod';
import { parseServiceConfig } from '@chronicle/messaging';

const schema = z.object({
  DATABASE_URL: z.string().url({ message: 'is required (run `npm start` for a local database, or point it at PostgreSQL)' }),
  INVENTORY_QUERY_HOST: z.string().default('127.0.0.1'),
  INVENTORY_QUERY_PORT: z.coerce.number().int().min(1).max(65535).default(4202),
  INVENTORY_QUERY_OPS_HOST: z.string().default('127.0.0.1'),
  /** Health and metrics over HTTP (/health/live, /health/ready, /metrics); 0 picks a free port. */
  INVENTORY_QUERY_OPS_PORT: z.coerce.number().int().min(0).max(65535).default(4212),
  NATS_URL: z.string().url().optional(),
  /** How long a query with `minPosition` waits for the read model before PROJECTION_LAGGING. */
  READ_YOUR_WRITES_TIMEOUT_MS: z.coerce.number().int().min(1).max(60_000).default(5_000),
});

export interface InventoryQueryConfig {
  databaseUrl: string;
  host: string;
  port: number;
  /** Where the ops endpoints (health, metrics) listen. */
  ops: { host: string; port: number };
  natsUrl?: string;
  readYourWritesTimeoutMs: number;
}

export function inventoryQueryConfigFrom(env: Record<string, string | undefined>): InventoryQueryConfig {
  const e = parseServiceConfig('inventory-query', schema, env);
  return {
    databaseUrl: e.DATABASE_URL,
    host: e.INVENTORY_QUERY_HOST,
    port: e.INVENTORY_QUERY_PORT,
    ops: { host: e.INVENTORY_QUERY_OPS_HOST, port: e.INVENTORY_QUERY_OPS_PORT },
    natsUrl: e.NATS_URL,
    readYourWritesTimeoutMs: e.READ_YOUR_WRITES_TIMEOUT_MS,
  };
}

export const inventoryQueryConfig = registerAs('inventoryQuery', () => inventoryQueryConfigFrom(process.env));
