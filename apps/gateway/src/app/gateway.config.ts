import { registerAs } from '@nestjs/config';
import { z } from 'zod';
import { parseServiceConfig } from '@chronicle/messaging';

/** For local use only; NODE_ENV=production refuses to start with it (or without JWT_SECRET). */
export const DEVELOPMENT_JWT_SECRET = 'chronicle-local-development-secret-change-me';
export const DEFAULT_ADMIN_EMAIL = 'admin@chronicle.local';
export const DEFAULT_ADMIN_PASSWORD = 'chronicle-admin';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const logLevel = z.enum(['error', 'warn', 'info', 'debug']).default('info');

/** Only the log level: Nest's logger is set up before @nestjs/config has read a .env file. */
export const logLevelFrom = (env: Record<string, string | undefined>): GatewayConfig['logLevel'] => logLevel.catch('info').parse(env['LOG_LEVEL']);

const schema = z
  .object({
    NODE_ENV: z.string().default('development'),
    LOG_LEVEL: logLevel,
    DATABASE_URL: z.string().url({ message: 'is required (run `npm start` for a local database, or point it at PostgreSQL)' }),
    HOST: z.string().default('127.0.0.1'),
    PORT: port.default(3000),
    IDENTITY_COMMAND_HOST: z.string().default('127.0.0.1'),
    IDENTITY_COMMAND_PORT: port.default(4101),
    IDENTITY_QUERY_HOST: z.string().default('127.0.0.1'),
    IDENTITY_QUERY_PORT: port.default(4102),
    INVENTORY_COMMAND_HOST: z.string().default('127.0.0.1'),
    INVENTORY_COMMAND_PORT: port.default(4201),
    INVENTORY_QUERY_HOST: z.string().default('127.0.0.1'),
    INVENTORY_QUERY_PORT: port.default(4202),
    ORDERING_COMMAND_HOST: z.string().default('127.0.0.1'),
    ORDERING_COMMAND_PORT: port.default(4301),
    ORDERING_QUERY_HOST: z.string().default('127.0.0.1'),
    ORDERING_QUERY_PORT: port.default(4302),
    /** Notifications answers the admin API's questions about its outbox and its projection. */
    NOTIFICATIONS_HOST: z.string().default('127.0.0.1'),
    NOTIFICATIONS_PORT: port.default(4402),
    NATS_URL: z.string().url().optional(),
    JWT_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
    JWT_EXPIRES_IN_SECONDS: positiveInt.default(3600),
    CHRONICLE_ADMIN_EMAIL: z.string().email().default(DEFAULT_ADMIN_EMAIL),
    CHRONICLE_ADMIN_PASSWORD: z.string().min(8).max(128).default(DEFAULT_ADMIN_PASSWORD),
    /** Upper bound of one command round trip. */
    COMMAND_TIMEOUT_MS: positiveInt.default(10_000),
    /** Upper bound of one query; above the query side's 5 s read-your-writes wait, so lag is a 503, not a 504. */
    QUERY_TIMEOUT_MS: positiveInt.default(8_000),
    THROTTLE_TTL_MS: positiveInt.default(60_000),
    THROTTLE_LIMIT: positiveInt.default(600),
    /** Stricter limit for POST /auth/login (per client address), against password guessing. */
    LOGIN_THROTTLE_LIMIT: positiveInt.default(10),
    IDEMPOTENCY_TTL_HOURS: positiveInt.default(24),
    GRAPHQL_MAX_DEPTH: positiveInt.default(8),
    GRAPHQL_MAX_COMPLEXITY: positiveInt.default(1000),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    // The local defaults are public (README): never run a production gateway with them.
    if (!env.JWT_SECRET) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['JWT_SECRET'], message: 'is required when NODE_ENV=production' });
    if (env.CHRONICLE_ADMIN_PASSWORD === DEFAULT_ADMIN_PASSWORD) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['CHRONICLE_ADMIN_PASSWORD'], message: 'must be set (not the local default) when NODE_ENV=production' });
    }
  });

export interface GatewayConfig {
  logLevel: 'error' | 'warn' | 'info' | 'debug';
  databaseUrl: string;
  host: string;
  port: number;
  identityCommand: { host: string; port: number };
  identityQuery: { host: string; port: number };
  inventoryCommand: { host: string; port: number };
  inventoryQuery: { host: string; port: number };
  orderingCommand: { host: string; port: number };
  orderingQuery: { host: string; port: number };
  notifications: { host: string; port: number };
  natsUrl?: string;
  jwt: { secret: string; expiresInSeconds: number };
  admin: { email: string; password: string };
  commandTimeoutMs: number;
  queryTimeoutMs: number;
  throttle: { ttlMs: number; limit: number; loginLimit: number };
  idempotencyTtlHours: number;
  graphql: { maxDepth: number; maxComplexity: number };
}

export function gatewayConfigFrom(env: Record<string, string | undefined>): GatewayConfig {
  const e = parseServiceConfig('gateway', schema, env);
  return {
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    host: e.HOST,
    port: e.PORT,
    identityCommand: { host: e.IDENTITY_COMMAND_HOST, port: e.IDENTITY_COMMAND_PORT },
    identityQuery: { host: e.IDENTITY_QUERY_HOST, port: e.IDENTITY_QUERY_PORT },
    inventoryCommand: { host: e.INVENTORY_COMMAND_HOST, port: e.INVENTORY_COMMAND_PORT },
    inventoryQuery: { host: e.INVENTORY_QUERY_HOST, port: e.INVENTORY_QUERY_PORT },
    orderingCommand: { host: e.ORDERING_COMMAND_HOST, port: e.ORDERING_COMMAND_PORT },
    orderingQuery: { host: e.ORDERING_QUERY_HOST, port: e.ORDERING_QUERY_PORT },
    notifications: { host: e.NOTIFICATIONS_HOST, port: e.NOTIFICATIONS_PORT },
    natsUrl: e.NATS_URL,
    jwt: { secret: e.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET, expiresInSeconds: e.JWT_EXPIRES_IN_SECONDS },
    admin: { email: e.CHRONICLE_ADMIN_EMAIL, password: e.CHRONICLE_ADMIN_PASSWORD },
    commandTimeoutMs: e.COMMAND_TIMEOUT_MS,
    queryTimeoutMs: e.QUERY_TIMEOUT_MS,
    throttle: { ttlMs: e.THROTTLE_TTL_MS, limit: e.THROTTLE_LIMIT, loginLimit: e.LOGIN_THROTTLE_LIMIT },
    idempotencyTtlHours: e.IDEMPOTENCY_TTL_HOURS,
    graphql: { maxDepth: e.GRAPHQL_MAX_DEPTH, maxComplexity: e.GRAPHQL_MAX_COMPLEXITY },
  };
}

export const gatewayConfig = registerAs('gateway', () => gatewayConfigFrom(process.env));
