import type { Pool, PoolClient } from 'pg';
import { DuplicateEventIdError, StreamDeletedError, WrongExpectedRevisionError } from '../errors';
import type { AppendResult, ExpectedRevision, JsonObject } from '../types';
import type { PreparedEvent } from '../validation';
import type { Statements } from './sql';

/** Where statements run: the pool (autocommit, the normal case) or a client inside a transaction. */
export type Queryable = Pool | PoolClient;

const UNIQUE_VIOLATION = '23505';
/**
 * A concurrent writer can make an attempt inconclusive (it took the revision we computed, or
 * its insert rolled back): try again. With expectedRevision 'any' a lost race is no error at
 * all, so those appends keep trying (with a little jitter) far longer.
 */
const MAX_ATTEMPTS = 3;
const MAX_ATTEMPTS_ANY = 100;

interface AppendRow {
  next_revision: string | null;
  position: string | null;
}

interface StoredIdRow {
  ord: string;
  stream_id: string | null;
  revision: string | null;
  position: string | null;
  same_content: boolean | null;
}

/**
 * Appends in ONE round trip (a single statement, its own transaction): the stream row is
 * checked and moved on, and the events inserted, atomically. Only when that writes nothing
 * do we look closer: an idempotent retry, a revision conflict, or a tombstone.
 */
export async function appendEvents(
  pool: Queryable,
  sql: Statements,
  streamId: string,
  events: readonly PreparedEvent[],
  expected: ExpectedRevision,
): Promise<AppendResult> {
  const columns = toColumns(events);
  const maxAttempts = expected === 'any' ? MAX_ATTEMPTS_ANY : MAX_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    const written = await tryAppend(pool, sql, streamId, columns, expected);
    if (written) return written;
    const outcome = await explainRejectedAppend(pool, sql, streamId, columns, expected);
    if (outcome !== 'retry') return outcome;
    if (attempt >= maxAttempts) {
      throw new WrongExpectedRevisionError(streamId, expected, await actualRevision(pool, sql, streamId));
    }
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 10)));
  }
}

interface Columns {
  ids: string[];
  types: string[];
  versions: number[];
  data: string[];
  metadata: string[];
  correlation: (string | null)[];
  causation: (string | null)[];
}

function toColumns(events: readonly PreparedEvent[]): Columns {
  return {
    ids: events.map((e) => e.id),
    types: events.map((e) => e.type),
    versions: events.map((e) => e.schemaVersion),
    data: events.map((e) => e.data),
    metadata: events.map((e) => e.metadata),
    correlation: events.map((e) => e.correlationId),
    causation: events.map((e) => e.causationId),
  };
}

async function tryAppend(
  pool: Queryable,
  sql: Statements,
  streamId: string,
  c: Columns,
  expected: ExpectedRevision,
): Promise<AppendResult | undefined> {
  const [kind, revision] = typeof expected === 'bigint' ? ['revision', expected.toString()] : [expected, null];
  try {
    const values =
      c.ids.length === 1
        ? [streamId, c.ids[0], c.types[0], c.versions[0], c.data[0], c.metadata[0], c.correlation[0], c.causation[0], kind, revision]
        : [streamId, c.ids, c.types, c.versions, c.data, c.metadata, c.correlation, c.causation, kind, revision];
    const { rows } = await pool.query<AppendRow>({ ...(c.ids.length === 1 ? sql.appendOne : sql.append), values });
    const row = rows[0];
    if (!row || row.next_revision === null || row.position === null) return undefined;
    return { nextRevision: BigInt(row.next_revision), position: BigInt(row.position) };
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) return undefined;
    throw error;
  }
}

/** Why did the append write nothing? Returns the original result of an idempotent retry, or throws. */
async function explainRejectedAppend(
  pool: Queryable,
  sql: Statements,
  streamId: string,
  c: Columns,
  expected: ExpectedRevision,
): Promise<AppendResult | 'retry'> {
  const { rows } = await pool.query<StoredIdRow>({ ...sql.findByIds, values: [c.ids, c.types, c.data] });
  const stored = rows.filter((r) => r.stream_id !== null);
  if (stored.length === 0) {
    const state = await streamState(pool, sql, streamId);
    if (state.tombstoned) throw new StreamDeletedError(streamId);
    if (!satisfies(expected, state.actual)) throw new WrongExpectedRevisionError(streamId, expected, state.actual);
    return 'retry';
  }
  const clash = stored.find((r) => r.stream_id !== streamId || !r.same_content);
  if (clash || stored.length !== rows.length) {
    const row = clash ?? rows.find((r) => r.stream_id === null) ?? rows[0];
    throw new DuplicateEventIdError(streamId, c.ids[Number(row.ord) - 1]);
  }
  const first = BigInt(rows[0].revision as string);
  const consecutive = rows.every((r, i) => BigInt(r.revision as string) === first + BigInt(i));
  const samePlace = typeof expected !== 'bigint' || first === expected + 1n;
  if (!consecutive || !samePlace) {
    throw new WrongExpectedRevisionError(streamId, expected, await actualRevision(pool, sql, streamId));
  }
  const last = rows[rows.length - 1];
  return { nextRevision: BigInt(last.revision as string), position: BigInt(last.position as string) };
}

export interface StreamState {
  /** Current revision, or 'no_stream' when it has no events (or was soft-deleted since). */
  actual: bigint | 'no_stream';
  tombstoned: boolean;
  metadata: JsonObject | null;
}

export async function streamState(pool: Queryable, sql: Statements, streamId: string): Promise<StreamState> {
  const { rows } = await pool.query<{ revision: string; deleted_before: string; tombstoned: boolean; metadata: JsonObject | null }>({
    ...sql.streamState,
    values: [streamId],
  });
  const row = rows[0];
  const revision = BigInt(row.revision);
  return {
    actual: revision < BigInt(row.deleted_before) ? 'no_stream' : revision,
    tombstoned: row.tombstoned,
    metadata: row.metadata,
  };
}

export async function actualRevision(pool: Queryable, sql: Statements, streamId: string): Promise<bigint | 'no_stream'> {
  return (await streamState(pool, sql, streamId)).actual;
}

export function satisfies(expected: ExpectedRevision, actual: bigint | 'no_stream'): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 'no_stream';
  if (expected === 'stream_exists') return actual !== 'no_stream';
  return actual === expected;
}
