import type { QueryRunner } from 'typeorm';
import { CheckpointMovedError } from '../core/errors';
import { queryPrepared, type RuntimeDb } from './prepared';
import type { RuntimeTables } from './runtime-schema';

export interface LockedCheckpoint {
  partition: number;
  position: bigint;
  activeVersion: number;
}

/**
 * Locks the checkpoint rows of a batch (FOR UPDATE: a concurrent writer of the same partition,
 * a dead-letter retry, waits) and the projection's version row (FOR SHARE: a rebuild switch waits
 * for running batches, and batches started after it see the new active version).
 * With `searchPath`, the same statement sets the transaction's search path (when a row is locked:
 * with none, the batch stops anyway).
 */
export async function lockCheckpoints(
  runner: QueryRunner,
  tables: RuntimeTables,
  projection: string,
  version: number,
  partitions: readonly number[],
  searchPath?: string,
): Promise<LockedCheckpoint[]> {
  const rows = await queryPrepared<{ partition: number; position: string; active_version: number }>(
    runner,
    `SELECT c.partition, c.position::text AS position, v.active_version${searchPath === undefined ? '' : `, set_config('search_path', $4, true)`}
       FROM ${tables.checkpoints} c JOIN ${tables.versions} v ON v.projection = c.projection
      WHERE c.projection = $1 AND c.version = $2 AND c.partition = ANY($3::int[])
      ORDER BY c.partition
      FOR UPDATE OF c FOR SHARE OF v`,
    searchPath === undefined ? [projection, version, partitions] : [projection, version, partitions, searchPath],
  );
  return rows.map((r) => ({ partition: r.partition, position: BigInt(r.position), activeVersion: r.active_version }));
}

/** Hold keys (stream ids unless the projection keys otherwise) with a dead letter: later events with that key park behind it. */
export async function heldKeys(
  runner: RuntimeDb,
  tables: RuntimeTables,
  projection: string,
  version: number,
  partitions: readonly number[],
): Promise<Set<string>> {
  const rows = await queryPrepared<{ hold_key: string }>(
    runner,
    `SELECT DISTINCT coalesce(hold_key, stream_id) AS hold_key FROM ${tables.deadLetters}
      WHERE projection = $1 AND version = $2 AND partition = ANY($3::int[])`,
    [projection, version, partitions],
  );
  return new Set(rows.map((r) => r.hold_key));
}

/**
 * Moves the checkpoints and tells waitForPosition listeners (delivered on commit only). `with`:
 * further data-modifying CTEs (their parameters after the first five) that run in the same
 * statement, e.g. a reactor batch's effects (one round trip for both).
 */
export async function advanceCheckpoints(
  runner: QueryRunner,
  tables: RuntimeTables,
  projection: string,
  version: number,
  positions: ReadonlyMap<number, bigint>,
  withCtes?: (params: unknown[]) => string[],
): Promise<void> {
  const params: unknown[] = [projection, version, [...positions.keys()], [...positions.values()].map(String), tables.channel];
  const extra = withCtes?.(params) ?? [];
  await queryPrepared(
    runner,
    `WITH ${extra.map((cte) => `${cte},\n`).join('')}moved AS (
       UPDATE ${tables.checkpoints} c SET position = n.position, updated_at = now()
         FROM unnest($3::int[], $4::int8[]) AS n(partition, position)
        WHERE c.projection = $1 AND c.version = $2 AND c.partition = n.partition
        RETURNING 1)
     SELECT pg_notify($5, $1) FROM (SELECT count(*) FROM moved) m`,
    params,
  );
}

/**
 * A batch with no events of its partition (the horizon passed, or only other partitions' events):
 * moves the checkpoint from `expected` to `position` in ONE statement, with the locks a batch takes
 * in the same order (the checkpoint row FOR UPDATE, the version row FOR SHARE), instead of
 * begin / search path / lock / advance / commit. Returns false when the checkpoint was not at
 * `expected` (or, with `activeVersion`, the version is no longer active): nothing moved.
 * It commits without waiting for its WAL flush: lost in a crash, the checkpoint is simply where it
 * was, and the range between holds nothing this partition applies; a later batch's commit flushes it.
 */
export async function advanceEmptyCheckpoint(
  dataSource: RuntimeDb,
  tables: RuntimeTables,
  projection: string,
  version: number,
  partition: number,
  position: bigint,
  expected: bigint,
  activeVersion: boolean,
): Promise<boolean> {
  const rows = await queryPrepared<{ n: number }>(
    dataSource,
    `WITH locked AS (
       SELECT c.partition FROM ${tables.checkpoints} c JOIN ${tables.versions} v ON v.projection = c.projection
        WHERE c.projection = $1 AND c.version = $2 AND c.partition = $3 AND c.position = $5::int8
          AND (NOT $7::boolean OR v.active_version = $2)
        FOR UPDATE OF c FOR SHARE OF v),
     moved AS (
       UPDATE ${tables.checkpoints} c SET position = $4::int8, updated_at = now()
         FROM locked l WHERE c.projection = $1 AND c.version = $2 AND c.partition = l.partition
       RETURNING 1)
     SELECT m.n, set_config('synchronous_commit', 'off', true) AS async, CASE WHEN m.n > 0 THEN pg_notify($6, $1) END AS notified
       FROM (SELECT count(*)::int AS n FROM moved) m`,
    [projection, version, partition, position.toString(), expected.toString(), tables.channel, activeVersion],
  );
  return rows[0]?.n === 1;
}

/**
 * Whether a partition's checkpoint is still at `expected` (and, with `activeVersion`, its version
 * still the active one): a read, no lock, no transaction id. What a worker asks instead of writing
 * when only the read horizon moved, so a reset, another owner or a switch is noticed as soon.
 */
export async function checkpointIsAt(
  dataSource: RuntimeDb,
  tables: RuntimeTables,
  projection: string,
  version: number,
  partition: number,
  expected: bigint,
  activeVersion: boolean,
): Promise<boolean> {
  const rows = await queryPrepared(
    dataSource,
    `SELECT 1 FROM ${tables.checkpoints} c JOIN ${tables.versions} v ON v.projection = c.projection
      WHERE c.projection = $1 AND c.version = $2 AND c.partition = $3 AND c.position = $4::int8
        AND (NOT $5::boolean OR v.active_version = $2)`,
    [projection, version, partition, expected.toString(), activeVersion],
  );
  return rows.length === 1;
}

/** Throws CheckpointMovedError unless each partition's checkpoint is still at `expected` (see checkpointIsAt). */
export async function requireCheckpointsAt(
  dataSource: RuntimeDb,
  tables: RuntimeTables,
  target: { projection: { name: string }; version: number; partitions: readonly number[] },
  expected: bigint,
  activeVersion: boolean,
): Promise<void> {
  for (const partition of target.partitions) {
    if (!(await checkpointIsAt(dataSource, tables, target.projection.name, target.version, partition, expected, activeVersion))) {
      throw new CheckpointMovedError(`Checkpoint of '${target.projection.name}' v${target.version} moved${activeVersion ? ', or the version is no longer active' : ''}`);
    }
  }
}

/** Creates missing checkpoint rows (at 0) and returns every partition's position. */
export async function ensureCheckpoints(
  runner: QueryRunner,
  tables: RuntimeTables,
  projection: string,
  version: number,
  partitions: readonly number[],
): Promise<Map<number, bigint>> {
  await runner.query(
    `INSERT INTO ${tables.checkpoints} (projection, version, partition)
     SELECT $1, $2, p FROM unnest($3::int[]) AS p ON CONFLICT DO NOTHING`,
    [projection, version, partitions],
  );
  const rows: { partition: number; position: string }[] = await runner.query(
    `SELECT partition, position::text AS position FROM ${tables.checkpoints}
      WHERE projection = $1 AND version = $2 AND partition = ANY($3::int[])`,
    [projection, version, partitions],
  );
  return new Map(rows.map((r) => [r.partition, BigInt(r.position)]));
}
