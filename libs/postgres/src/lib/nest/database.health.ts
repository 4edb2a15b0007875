import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { poolOf } from '../pool-of';

/** Readiness of the database from this process: a round trip through the process's pool, bounded in time. */
@Injectable()
export class DatabaseHealth {
  private readonly pool: Pool;

  constructor(@Inject(DataSource) dataSource: DataSource) {
    this.pool = poolOf(dataSource);
  }

  /** Resolves when `SELECT 1` answers within `timeoutMs`; rejects otherwise (down, restarting, pool exhausted). */
  async ping(timeoutMs = 1_000): Promise<void> {
    await pingPool(this.pool, timeoutMs);
  }
}

/** `SELECT 1` on `pool`, failing after `timeoutMs` whatever the pool is doing. */
export async function pingPool(pool: Pool, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the database did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([pool.query('SELECT 1'), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
