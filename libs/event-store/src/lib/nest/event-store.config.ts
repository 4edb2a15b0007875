import { registerAs } from '@nestjs/config';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { AppendObserver } from '../instrumentation/append-instrumentation';
import { DEFAULT_MAX_EVENT_SIZE_BYTES } from '../validation';

const positiveInt = z.coerce.number().int().positive();

/** The environment the event store reads, validated once at start-up. */
const environmentSchema = z
  .object({
    EVENT_STORE_ADAPTER: z.enum(['postgres', 'eventstoredb']).default('postgres'),
    DATABASE_URL: z.string().url().optional(),
    EVENTSTORE_URL: z.string().min(1).optional(),
    EVENT_STORE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).default('chronicle'),
    EVENT_STORE_POOL_SIZE: positiveInt.default(10),
    EVENT_STORE_MAX_EVENT_SIZE_BYTES: positiveInt.default(DEFAULT_MAX_EVENT_SIZE_BYTES),
  })
  .superRefine((env, ctx) => {
    if (env.EVENT_STORE_ADAPTER === 'postgres' && !env.DATABASE_URL) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['DATABASE_URL'], message: 'is required for the postgres adapter' });
    }
    if (env.EVENT_STORE_ADAPTER === 'eventstoredb' && !env.EVENTSTORE_URL) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['EVENTSTORE_URL'], message: 'is required for the eventstoredb adapter' });
    }
  });

export type EventStoreModuleOptions =
  | {
      adapter: 'postgres';
      connectionString: string;
      /** The process's pool to share (DatabaseModule's); without it the store opens its own. */
      pool?: Pool;
      schema?: string;
      poolSize?: number;
      maxEventSizeBytes?: number;
      appendObserver?: AppendObserver;
    }
  | {
      adapter: 'eventstoredb';
      connectionString: string;
      maxEventSizeBytes?: number;
      appendObserver?: AppendObserver;
    };

/** Turns environment variables into module options; throws one readable error listing every problem. */
export function eventStoreOptionsFromEnv(env: Record<string, string | undefined>): EventStoreModuleOptions {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ');
    throw new Error(`Invalid event store configuration: ${problems}`);
  }
  const e = parsed.data;
  return e.EVENT_STORE_ADAPTER === 'postgres'
    ? {
        adapter: 'postgres',
        connectionString: e.DATABASE_URL as string,
        schema: e.EVENT_STORE_SCHEMA,
        poolSize: e.EVENT_STORE_POOL_SIZE,
        maxEventSizeBytes: e.EVENT_STORE_MAX_EVENT_SIZE_BYTES,
      }
    : { adapter: 'eventstoredb', connectionString: e.EVENTSTORE_URL as string, maxEventSizeBytes: e.EVENT_STORE_MAX_EVENT_SIZE_BYTES };
}

/** `@nestjs/config` namespace `eventStore`: load it with `ConfigModule.forFeature(eventStoreConfig)`. */
export const eventStoreConfig = registerAs('eventStore', (): EventStoreModuleOptions => eventStoreOptionsFromEnv(process.env));
