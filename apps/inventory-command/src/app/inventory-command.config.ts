import { registerAs } from '@nestjs/config';
import { z } from 'zod';
import { parseServiceConfig } from '@chronicle/messaging';

const schema = z.object({
  DATABASE_URL: z.string().url({ message: 'is required (run `npm start` for a local database, or point it at PostgreSQL)' }),
  INVENTORY_COMMAND_HOST: z.string().default('127.0.0.1'),
  INVENTORY_COMMAND_PORT: z.coerce.number().int().min(1).max(65535).default(4201),
  INVENTORY_COMMAND_OPS_HOST: z.string().default('127.0.0.1'),
  /** Health and metrics over HTTP (/health/live, /health/ready, /metrics); 0 picks a free port. */
  INVENTORY_COMMAND_OPS_PORT: z.coerce.number().int().min(0).max(65535).default(4211),
  NATS_URL: z.string().url().optional(),
  /** The warehouse aggregate holding every SKU: stream `warehouse-<WAREHOUSE_ID>`. */
  WAREHOUSE_ID: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, { message: 'must be 1-64 lower-case letters, digits, "_" or "-"' }).default('main'),
});

export interface InventoryCommandConfig {
  databaseUrl: string;
  host: string;
  port: number;
  /** Where the ops endpoints (health, metrics) listen. */
  ops: { host: string; port: number };
  natsUrl?: string;
  warehouseId: string;
}

export function inventoryCommandConfigFrom(env: Record<string, string | undefined>): InventoryCommandConfig {
  const e = parseServiceConfig('inventory-command', schema, env);
  return {
    databaseUrl: e.DATABASE_URL,
    host: e.INVENTORY_COMMAND_HOST,
    port: e.INVENTORY_COMMAND_PORT,
    ops: { host: e.INVENTORY_COMMAND_OPS_HOST, port: e.INVENTORY_COMMAND_OPS_PORT },
    natsUrl: e.NATS_URL,
    warehouseId: e.WAREHOUSE_ID,
  };
}

export const inventoryCommandConfig = registerAs('inventoryCommand', () => inventoryCommandConfigFrom(process.env));
