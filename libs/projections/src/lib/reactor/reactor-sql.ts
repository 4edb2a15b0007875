import type { JsonValue } from '@chronicle/event-store';
import type { QueryRunner } from 'typeorm';
import { queryPrepared, type RuntimeDb } from '../store/prepared';
import type { RuntimeTables } from '../store/runtime-schema';
import type { StagedEffects } from './reaction-context';
import type { FiredTimer } from './reactor-types';

/** Anything that runs SQL: the DataSource (autocommit) or a transaction's QueryRunner. */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export async function readState(db: RuntimeDb, tables: RuntimeTables, reactor: string, key: string): Promise<JsonValue | undefined> {
  const rows = await queryPrepared<{ value: JsonValue }>(db, `SELECT value FROM ${tables.reactorState} WHERE reactor = $1 AND key = $2`, [reactor, key]);
  return rows[0]?.value;
}

/**
 * A batch's staged state and timers as data-modifying CTEs for ONE statement (each touches rows
 * no other one touches: a key is either set or deleted, a timer either scheduled or cancelled).
 * Their parameters are appended to `params`. A timer scheduled again keeps its first due time.
 */
export function effectsCtes(tables: RuntimeTables, reactor: string, effects: StagedEffects, params: unknown[]): string[] {
  const param = (value: unknown): string => `$${params.push(value)}`;
  const ctes: string[] = [];
  const set = [...effects.state].filter(([, v]) => v !== null).map(([key, value]) => ({ key, value }));
  const deleted = [...effects.state].filter(([, v]) => v === null).map(([key]) => key);
  const timers = [...effects.timers].map(([key, timer]) => {
    const [kind, timerKey] = JSON.parse(key) as [string, string];
    return { kind, key: timerKey, timer };
  });
  const cancelled = timers.filter((t) => t.timer === null);
  const scheduled = timers.flatMap(({ kind, key, timer }) =>
    timer === null
      ? []
      : [{ kind, key, due_at: timer.dueAt.toISOString(), data: timer.data ?? {}, correlation_id: timer.correlationId ?? null, causation_id: timer.causationId, hold_key: timer.holdKey ?? null }],
  );
  if (set.length + deleted.length + timers.length === 0) return ctes;
  const name = `${param(reactor)}::text`;
  if (set.length) {
    ctes.push(`state_set AS (INSERT INTO ${tables.reactorState} (reactor, key, value)
       SELECT ${name}, x.key, x.value FROM jsonb_to_recordset(${param(JSON.stringify(set))}::jsonb) AS x(key text, value jsonb)
       ON CONFLICT (reactor, key) DO UPDATE SET value = excluded.value, updated_at = now())`);
  }
  if (deleted.length) ctes.push(`state_deleted AS (DELETE FROM ${tables.reactorState} WHERE reactor = ${name} AND key = ANY(${param(deleted)}::text[]))`);
  if (cancelled.length) {
    ctes.push(`timers_cancelled AS (DELETE FROM ${tables.reactorTimers} t
       USING unnest(${param(cancelled.map((t) => t.kind))}::text[], ${param(cancelled.map((t) => t.key))}::text[]) AS c(kind, key)
       WHERE t.reactor = ${name} AND t.kind = c.kind AND t.key = c.key)`);
  }
  if (scheduled.length) {
    ctes.push(`timers_scheduled AS (INSERT INTO ${tables.reactorTimers} (reactor, kind, key, due_at, data, correlation_id, causation_id, hold_key)
       SELECT ${name}, x.kind, x.key, x.due_at, x.data, x.correlation_id, x.causation_id, x.hold_key
         FROM jsonb_to_recordset(${param(JSON.stringify(scheduled))}::jsonb)
           AS x(kind text, key text, due_at timestamptz, data jsonb, correlation_id text, causation_id text, hold_key text)
       ON CONFLICT (reactor, kind, key) DO NOTHING)`);
  }
  return ctes;
}

/** Writes a batch's staged state and timers (one statement), inside the caller's transaction. */
export async function writeEffects(runner: QueryRunner, tables: RuntimeTables, reactor: string, effects: StagedEffects): Promise<void> {
  const params: unknown[] = [];
  const ctes = effectsCtes(tables, reactor, effects, params);
  if (ctes.length) await queryPrepared(runner, `WITH ${ctes.join(',\n')} SELECT 1`, params);
}

/** A due timer this poller holds for a while (`claim` tells its claim from a later one). */
export type ClaimedTimer = FiredTimer & { claim: string };

interface TimerRow {
  kind: string;
  key: string;
  due_at: Date;
  data: FiredTimer['data'];
  correlation_id: string | null;
  causation_id: string;
  claim: string;
}

/**
 * Claims up to `limit` due timers for `claimMs` (one short statement: nothing stays locked while they fire).
 * A timer whose hold key has dead letters waits with them: it fires once they are retried or skipped
 * (an operator's retry applies the held events first, and they may cancel it).
 */
export async function claimDueTimers(db: RuntimeDb, tables: RuntimeTables, reactor: string, limit: number, claimMs: number): Promise<ClaimedTimer[]> {
  const list = await queryPrepared<TimerRow>(
    db,
    `UPDATE ${tables.reactorTimers} t SET claimed_until = now() + make_interval(secs => $3::float8 / 1000), claim = gen_random_uuid(), attempts = t.attempts + 1
      FROM (SELECT p.kind, p.key FROM ${tables.reactorTimers} p
             WHERE p.reactor = $1 AND p.due_at <= now() AND (p.claimed_until IS NULL OR p.claimed_until < now())
               AND (p.hold_key IS NULL OR NOT EXISTS (
                     SELECT 1 FROM ${tables.deadLetters} d WHERE d.projection = $1 AND coalesce(d.hold_key, d.stream_id) = p.hold_key))
             ORDER BY p.due_at LIMIT $2 FOR UPDATE OF p SKIP LOCKED) due
     WHERE t.reactor = $1 AND t.kind = due.kind AND t.key = due.key
     RETURNING t.kind, t.key, t.due_at, t.data, t.correlation_id, t.causation_id, t.claim::text`,
    [reactor, limit, claimMs],
  );
  return list.map((r) => ({
    kind: r.kind,
    key: r.key,
    dueAt: new Date(r.due_at),
    data: r.data,
    correlationId: r.correlation_id ?? undefined,
    causationId: r.causation_id,
    claim: r.claim,
  }));
}

/** Milliseconds until the reactor's next timer may be claimed (0 or less: one is due now), undefined when it has none. */
export async function nextTimerDueInMs(db: RuntimeDb, tables: RuntimeTables, reactor: string): Promise<number | undefined> {
  const rows = await queryPrepared<{ ms: number | null }>(
    db,
    `SELECT (extract(epoch FROM min(greatest(due_at, coalesce(claimed_until, due_at))) - now()) * 1000)::float8 AS ms
       FROM ${tables.reactorTimers} WHERE reactor = $1`,
    [reactor],
  );
  const ms = rows[0]?.ms;
  return ms === null || ms === undefined ? undefined : Math.ceil(ms);
}

/** Removes a fired timer, unless it was scheduled anew or claimed by another poller meanwhile. */
export async function removeFiredTimer(db: SqlRunner, tables: RuntimeTables, reactor: string, timer: ClaimedTimer): Promise<void> {
  await db.query(`DELETE FROM ${tables.reactorTimers} WHERE reactor = $1 AND kind = $2 AND key = $3 AND claim = $4::uuid`, [
    reactor,
    timer.kind,
    timer.key,
    timer.claim,
  ]);
}

/** A timer whose handler failed: fired again after `delayMs`, its error kept for operators. */
export async function deferTimer(db: SqlRunner, tables: RuntimeTables, reactor: string, timer: FiredTimer, delayMs: number, error: string): Promise<void> {
  await db.query(
    `UPDATE ${tables.reactorTimers} SET claimed_until = now() + make_interval(secs => $4::float8 / 1000), last_error = $5
      WHERE reactor = $1 AND kind = $2 AND key = $3`,
    [reactor, timer.kind, timer.key, delayMs, error],
  );
}
