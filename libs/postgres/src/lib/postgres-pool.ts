import { Pool, type PoolConfig } from 'pg';

export interface PostgresPoolOptions {
  connectionString: string;
  /** Shown in pg_stat_activity: which process holds a connection. */
  applicationName?: string;
  max?: number;
  /** How long a request waits for a connection before failing (a database outage answers fast). Default 3000 ms. */
  connectTimeoutMs?: number;
  /** Called for errors of idle connections (the server went away); default: ignored, the next query reports it. */
  onError?: (error: Error) => void;
}

/** Settings every Chronicle connection shares: fail fast when the server is gone, notice dead peers. */
export function connectionSettings(options: Pick<PostgresPoolOptions, 'applicationName' | 'connectTimeoutMs'>): PoolConfig {
  return {
    application_name: options.applicationName,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 3_000,
    keepAlive: true,
  };
}

/**
 * How a pool keeps its connections between uses: one stays open however long nothing runs (an
 * idle service polls every few seconds; without it each poll would open a new connection, a fork
 * and a password exchange on the server); the others close after 30 s unused.
 */
export const POOL_IDLE_SETTINGS = { min: 1, idleTimeoutMillis: 30_000 } as const satisfies PoolConfig;

/**
 * A pg Pool that survives its server restarting: an idle connection that breaks is dropped (its
 * 'error' never crashes the process), later queries open new connections, and waiting for a
 * connection is bounded. For code outside Nest; a Nest app gets its one pool from DatabaseModule.
 */
export function createPostgresPool(options: PostgresPoolOptions): Pool {
  const pool = new Pool({ connectionString: options.connectionString, max: options.max ?? 10, ...POOL_IDLE_SETTINGS, ...connectionSettings(options) });
  pool.on('error', (error) => options.onError?.(error));
  return pool;
}
