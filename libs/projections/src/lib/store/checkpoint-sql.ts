import type { QueryRunner } from 'typeorm';
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
 */
export async function lockCheckpoints(
  runner: QueryRunner,
  tables: RuntimeTables,
  projection: string,
  version: number,
  partitions: readonly number[],
): Promise<LockedCheckpoint[]> {
  const rows: { partition: number; position: string; active_version: number }[] = await runner.query(
    `SELECT c.partition, c.position::text AS position, v.active_version
       FROM ${tables.checkpoints} c JOIN ${tables.versions} v ON v.projection = c.projection
      WHERE c.projection = $1 AND c.version = $2 AND c.partition = ANY($3::int[])
      ORDER BY c.partition
      FOR UPDATE OF c FOR SHARE OF v`,
    [projection, version, partitions],
  );
  return rows.map((r) => ({ partition: r.partition, position: BigInt(r.position), activeVersion: r.active_version }));
}

/** Hold keys (stream ids unless the projection keys otherwise) with a dead letter: later events with that key park behind it. */
export async function heldKeys(
  runner: QueryRunner,
  tables: RuntimeTables,
  projection: string,
  version: number,
  partitions: readonly number[],
): Promise<Set<string>> {
  const rows: { hold_key: string }[] = await runner.query(
    `SELECT DISTINCT coalesce(hold_key, stream_id) AS hold_key FROM ${tables.deadLetters}
      WHERE projection = $1 AND version = $2 AND partition = ANY($3::int[])`,
    [projection, version, partitions],
  );
  return new Set(rows.map((r) => r.hold_key));
}

/** Moves the checkpoints and tells waitForPosition listeners (delivered on commit only). */
export async function advanceCheckpoints(
  runner: QueryRunner,
  tables: RuntimeTables,
  projection: string,
  version: number,
  positions: ReadonlyMap<number, bigint>,
): Promise<void> {
  await runner.query(
    `WITH moved AS (
       UPDATE ${tables.checkpoints} c SET position = n.position, updated_at = now()
         FROM unnest($3::int[], $4::int8[]) AS n(partition, position)
        WHERE c.projection = $1 AND c.version = $2 AND c.partition = n.partition
        RETURNING 1)
     SELECT pg_notify($5, $1) FROM (SELECT count(*) FROM moved) m`,
    [projection, version, [...positions.keys()], [...positions.values()].map(String), tables.channel],
  );
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
