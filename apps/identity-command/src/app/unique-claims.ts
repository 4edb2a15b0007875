import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { withMigrationLock } from '@chronicle/event-store';
import { PG_POOL } from '@chronicle/postgres';
import type { Pool } from 'pg';

export type ClaimKind = 'user-email' | 'role-name';
/** Whether the holder of a claim still counts: 'missing' means its aggregate was never created. */
export type OwnerStatus = 'present' | 'deleted' | 'missing';

/** How long a claim whose owner never came to exist is honoured (a create that crashed half-way). */
const ORPHAN_GRACE_SECONDS = 60;

export interface ClaimResult {
  ok: boolean;
  /** True when this call took the claim (so a failed command should give it back). */
  fresh: boolean;
}

/**
 * Uniqueness across aggregates (emails of users, names of roles): a row per value, whose
 * primary key makes concurrent claims race safely. A claim is taken over when its owner is
 * gone (deleted, or never created after a crash), so nothing stays locked for ever.
 */
@Injectable()
export class UniqueClaims implements OnModuleInit {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async onModuleInit(): Promise<void> {
    await withMigrationLock(this.pool, async (client) => {
      await client.query(`CREATE SCHEMA IF NOT EXISTS identity`);
      await client.query(`CREATE TABLE IF NOT EXISTS identity.unique_claims (
        kind text NOT NULL, value text NOT NULL, owner_id uuid NOT NULL, claimed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, value))`);
    });
  }


  /** Claims `value` for `ownerId`; `ownerStatus(id)` tells whether the current holder still counts. */
  async claim(kind: ClaimKind, value: string, ownerId: string, ownerStatus: (ownerId: string) => Promise<OwnerStatus>): Promise<ClaimResult> {
    const inserted = await this.pool.query<{ owner_id: string; fresh: boolean }>(
      `INSERT INTO identity.unique_claims AS c (kind, value, owner_id) VALUES ($1, $2, $3)
       ON CONFLICT (kind, value) DO UPDATE SET claimed_at = c.claimed_at WHERE c.owner_id = EXCLUDED.owner_id
       RETURNING (xmax = 0) AS fresh`,
      [kind, value, ownerId],
    );
    if (inserted.rows[0]) return { ok: true, fresh: inserted.rows[0].fresh };
    const { rows } = await this.pool.query<{ owner_id: string }>(
      `SELECT owner_id FROM identity.unique_claims WHERE kind = $1 AND value = $2`,
      [kind, value],
    );
    const holder = rows[0];
    if (!holder) return this.claim(kind, value, ownerId, ownerStatus); // released meanwhile
    const status = await ownerStatus(holder.owner_id);
    if (status === 'present') return { ok: false, fresh: false };
    const taken = await this.pool.query(
      `UPDATE identity.unique_claims SET owner_id = $3, claimed_at = now()
       WHERE kind = $1 AND value = $2 AND owner_id = $4 AND (NOT $5 OR claimed_at < now() - make_interval(secs => $6))`,
      [kind, value, ownerId, holder.owner_id, status === 'missing', ORPHAN_GRACE_SECONDS],
    );
    return { ok: (taken.rowCount ?? 0) > 0, fresh: (taken.rowCount ?? 0) > 0 };
  }

  /**
   * Runs `work` (a command) holding `to` for `ownerId`: claims it first (unless it does not
   * change), gives it back when the command fails and this call took it, and releases `from`
   * (the owner's previous value) once the command wrote something.
   */
  async holding<T extends { events: readonly unknown[] }>(
    kind: ClaimKind,
    ownerId: string,
    values: { from?: string; to?: string },
    ownerStatus: (ownerId: string) => Promise<OwnerStatus>,
    taken: () => Error,
    work: () => Promise<T>,
  ): Promise<T> {
    const { from, to } = values;
    if (to === undefined || to === from) return work();
    const claim = await this.claim(kind, to, ownerId, ownerStatus);
    if (!claim.ok) throw taken();
    try {
      const result = await work();
      if (from !== undefined && result.events.length > 0) await this.release(kind, from, ownerId);
      return result;
    } catch (error) {
      if (claim.fresh) await this.release(kind, to, ownerId);
      throw error;
    }
  }

  async release(kind: ClaimKind, value: string, ownerId: string): Promise<void> {
    await this.pool.query(`DELETE FROM identity.unique_claims WHERE kind = $1 AND value = $2 AND owner_id = $3`, [kind, value, ownerId]);
  }

  async ownerOf(kind: ClaimKind, value: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ owner_id: string }>(
      `SELECT owner_id FROM identity.unique_claims WHERE kind = $1 AND value = $2`,
      [kind, value],
    );
    return rows[0]?.owner_id;
  }
}
