import { registerAs } from '@nestjs/config';
import { z } from 'zod';

const schema = z.object({
  DATABASE_URL: z.string().url({ message: 'is required (run `npm start` for a local database, or point it at PostgreSQL)' }),
  /** Connections this process may hold (one pool for everything but its dedicated sessions). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
});

export interface DatabaseConfig {
  url: string;
  poolSize: number;
  connectTimeoutMs: number;
}

export function databaseConfigFrom(env: Record<string, string | undefined>): DatabaseConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid database configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  }
  return { url: parsed.data.DATABASE_URL, poolSize: parsed.data.DATABASE_POOL_SIZE, connectTimeoutMs: parsed.data.DATABASE_CONNECT_TIMEOUT_MS };
}

/** DATABASE_URL, DATABASE_POOL_SIZE (10), DATABASE_CONNECT_TIMEOUT_MS (3000), validated through @nestjs/config. */
export const databaseConfig = registerAs('database', () => databaseConfigFrom(process.env));
