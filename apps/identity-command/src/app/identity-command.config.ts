import { registerAs } from '@nestjs/config';
import { z } from 'zod';
import { parseServiceConfig } from '@chronicle/messaging';

const schema = z.object({
  DATABASE_URL: z.string().url({ message: 'is required (run `npm start` for a local database, or point it at PostgreSQL)' }),
  IDENTITY_COMMAND_HOST: z.string().default('127.0.0.1'),
  IDENTITY_COMMAND_PORT: z.coerce.number().int().min(1).max(65535).default(4101),
  IDENTITY_COMMAND_OPS_HOST: z.string().default('127.0.0.1'),
  /** Health and metrics over HTTP (/health/live, /health/ready, /metrics); 0 picks a free port. */
  IDENTITY_COMMAND_OPS_PORT: z.coerce.number().int().min(0).max(65535).default(4111),
  NATS_URL: z.string().url().optional(),
  /** bcrypt cost; 10-12 in production, lower only in tests. */
  PASSWORD_HASH_ROUNDS: z.coerce.number().int().min(4).max(15).default(11),
});

export interface IdentityCommandConfig {
  databaseUrl: string;
  host: string;
  port: number;
  /** Where the ops endpoints (health, metrics) listen. */
  ops: { host: string; port: number };
  natsUrl?: string;
  passwordHashRounds: number;
}

export function identityCommandConfigFrom(env: Record<string, string | undefined>): IdentityCommandConfig {
  const e = parseServiceConfig('identity-command', schema, env);
  return {
    databaseUrl: e.DATABASE_URL,
    host: e.IDENTITY_COMMAND_HOST,
    port: e.IDENTITY_COMMAND_PORT,
    ops: { host: e.IDENTITY_COMMAND_OPS_HOST, port: e.IDENTITY_COMMAND_OPS_PORT },
    natsUrl: e.NATS_URL,
    passwordHashRounds: e.PASSWORD_HASH_ROUNDS,
  };
}

export const identityCommandConfig = registerAs('identityCommand', () => identityCommandConfigFrom(process.env));
