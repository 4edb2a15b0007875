import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { withMigrationLock } from '@chronicle/event-store';
import { PG_POOL } from '@chronicle/postgres';
import type { Pool } from 'pg';
import { gatewayConfig, type GatewayConfig } from '../gateway.config';

/** A response as first sent, to be replayed for a retry with the same key. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** What a request is, for telling a retry from a different request that reuses the key. */
export interface RequestFingerprint {
  method: string;
  path: string;
  bodyHash: string;
}

export type Claim =
  | { outcome: 'execute' }
  | { outcome: 'replay'; response: StoredResponse }
  | { outcome: 'in_progress' }
  | { outcome: 'mismatch' };

interface Row {
  method: string;
  path: string;
  body_hash: string;
  state: 'pending' | 'done';
  response: StoredResponse | null;
}

/**
 * Idempotency keys in PostgreSQL, so they survive restarts and hold across gateway replicas.
 * The first request inserts a pending row (unique per caller and key): a concurrent duplicate
 * finds it and never executes a second time.
 */
@Injectable()
export class IdempotencyStore implements OnModuleInit {
  constructor(
    @Inject(gatewayConfig.KEY) private readonly config: GatewayConfig,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async onModuleInit(): Promise<void> {
    await withMigrationLock(this.pool, async (client) => {
      await client.query('CREATE SCHEMA IF NOT EXISTS gateway');
      await client.query(`CREATE TABLE IF NOT EXISTS gateway.idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        body_hash text NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'done')),
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key))`);
    });
  }

  async claim(scope: string, key: string, request: RequestFingerprint): Promise<Claim> {
    // An expired key is forgotten, so it can start over.
    await this.pool.query(`DELETE FROM gateway.idempotency_keys WHERE scope = $1 AND key = $2 AND created_at < now() - make_interval(hours => $3)`, [
      scope,
      key,
      this.config.idempotencyTtlHours,
    ]);
    const inserted = await this.pool.query(
      `INSERT INTO gateway.idempotency_keys (scope, key, method, path, body_hash, state) VALUES ($1, $2, $3, $4, $5, 'pending')
       ON CONFLICT DO NOTHING`,
      [scope, key, request.method, request.path, request.bodyHash],
    );
    if (inserted.rowCount === 1) return { outcome: 'execute' };
    const { rows } = await this.pool.query<Row>(`SELECT method, path, body_hash, state, response FROM gateway.idempotency_keys WHERE scope = $1 AND key = $2`, [scope, key]);
    const row = rows[0];
    if (!row) return this.claim(scope, key, request); // released between our two statements
    if (row.method !== request.method || row.path !== request.path || row.body_hash !== request.bodyHash) return { outcome: 'mismatch' };
    return row.state === 'done' && row.response ? { outcome: 'replay', response: row.response } : { outcome: 'in_progress' };
  }

  async complete(scope: string, key: string, response: StoredResponse): Promise<void> {
    await this.pool.query(`UPDATE gateway.idempotency_keys SET state = 'done', response = $3 WHERE scope = $1 AND key = $2`, [scope, key, JSON.stringify(response)]);
  }

  /** The request failed: forget the key, so a retry runs again (the command id keeps the backend idempotent). */
  async release(scope: string, key: string): Promise<void> {
    await this.pool.query(`DELETE FROM gateway.idempotency_keys WHERE scope = $1 AND key = $2 AND state = 'pending'`, [scope, key]);
  }
}
