import type { EventStore } from '@chronicle/event-store';
import type { DataSource } from 'typeorm';
import { partitionOf } from '../core/partition';
import type { ProjectionDefinition } from '../core/projection';
import type { LeaseView } from '../lease/lease-coordinator';
import { partitionKey } from '../lease/lease-keys';
import type { PartitionProgress } from '../runner/partition-worker';
import type { RuntimeTables } from '../store/runtime-schema';

export type ProjectionState = 'catching-up' | 'live' | 'stalled' | 'failed';

/** Health of one partition of a projection's active version. */
export interface ProjectionStatus {
  projection: string;
  partition: number;
  version: number;
  /** Who holds the lease: this process, another one, or nobody (a dead or missing runner). */
  owner: 'this-process' | 'other-process' | 'none';
  state: ProjectionState;
  position: bigint;
  headPosition: bigint;
  lagPositions: bigint;
  /** Handled events of this partition the checkpoint has not passed, counted up to LAG_EVENTS_SCAN (a lower bound beyond). */
  lagEvents: number;
  /** Age of the oldest handled event the checkpoint has not passed (0 when caught up). */
  lagSeconds: number;
  /** Parked events of this partition. */
  dlqDepth: number;
  lastError: string | undefined;
}

export interface StatusSources {
  store: EventStore;
  dataSource: DataSource;
  tables: RuntimeTables;
  stallTimeoutMs: number;
  /** A partition without an owner for longer than this is failed (its runner is dead). */
  unownedGraceMs: number;
  lease(projection: string): LeaseView | undefined;
  local(projection: string, partition: number): PartitionProgress | undefined;
}

interface Row {
  partition: number;
  version: number;
  position: string;
  updated_at: Date;
  dlq: number;
  owner_pid: number | null;
}

/** Reads checkpoints, dead letters and lease owners, and judges every partition. */
export async function projectionStatus(sources: StatusSources, projection: ProjectionDefinition): Promise<ProjectionStatus[]> {
  const { dataSource, tables, store } = sources;
  const [head, rows] = await Promise.all([
    store.headPosition(),
    dataSource.query(
      `SELECT c.partition, c.version, c.position::text AS position, c.updated_at,
              (SELECT count(*)::int FROM ${tables.deadLetters} d
                WHERE d.projection = c.projection AND d.version = c.version AND d.partition = c.partition) AS dlq,
              (SELECT l.pid FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                  AND l.classid::int8 = $2 AND l.objid::int8 = c.partition
                  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())) AS owner_pid
         FROM ${tables.checkpoints} c JOIN ${tables.versions} v ON v.projection = c.projection AND v.active_version = c.version
        WHERE c.projection = $1 ORDER BY c.partition`,
      // pg_locks shows the first int4 key of a two-key advisory lock as an unsigned oid.
      [projection.name, partitionKey(projection.name)],
    ) as Promise<Row[]>,
  ]);
  const byPartition = new Map(rows.map((r) => [r.partition, r]));
  const lease = sources.lease(projection.name);
  const now = Date.now();
  const result: ProjectionStatus[] = [];
  for (let partition = 0; partition < projection.partitions; partition++) {
    const row = byPartition.get(partition);
    const position = row ? BigInt(row.position) : 0n;
    const local = sources.local(projection.name, partition);
    const ownerPid = row?.owner_pid ?? lease?.owners.get(partition);
    const owner = local ? 'this-process' : ownerPid !== undefined && ownerPid !== null ? 'other-process' : 'none';
    const lagPositions = head > position ? head - position : 0n;
    const { lagEvents, lagSeconds } = lagPositions > 0n ? await pendingEvents(store, projection, partition, position, now) : { lagEvents: 0, lagSeconds: 0 };
    const lastMoved = local?.lastProgressAt ?? row?.updated_at.getTime() ?? 0;
    const unownedFor = now - (lease?.unownedSince.get(partition) ?? lastMoved);
    const batchTooLong = local?.batchStartedAt !== undefined && now - local.batchStartedAt > sources.stallTimeoutMs;
    const behindTooLong = lagSeconds * 1000 > sources.stallTimeoutMs && now - lastMoved > sources.stallTimeoutMs;
    let state: ProjectionState = lagSeconds > 0 && local?.state !== 'live' ? 'catching-up' : 'live';
    if (batchTooLong || behindTooLong) state = 'stalled';
    if (local?.state === 'failed' || (owner === 'none' && unownedFor > sources.unownedGraceMs)) state = 'failed';
    result.push({
      projection: projection.name,
      partition,
      version: row?.version ?? local?.version ?? 0,
      owner,
      state,
      position,
      headPosition: head,
      lagPositions,
      lagEvents,
      lagSeconds,
      dlqDepth: row?.dlq ?? 0,
      lastError: local?.lastError,
    });
  }
  return result;
}

/**
 * How many handled events wait after the checkpoint: positions are not dense (decision #1), so the
 * events themselves are counted, up to this many (a scrape or a probe stays cheap however far behind).
 */
export const LAG_EVENTS_SCAN = 1_000;

/** Events of the partition after its checkpoint (counted up to LAG_EVENTS_SCAN handled events) and the age of the first. */
async function pendingEvents(
  store: EventStore,
  projection: ProjectionDefinition,
  partition: number,
  after: bigint,
  now: number,
): Promise<{ lagEvents: number; lagSeconds: number }> {
  let lagEvents = 0;
  let lagSeconds = 0;
  for await (const event of store.readAll({ fromPosition: after, maxCount: LAG_EVENTS_SCAN, filter: { eventTypes: projection.handles } })) {
    if (partitionOf(event.streamId, projection.partitions) !== partition) continue;
    if (lagEvents === 0) lagSeconds = Math.max(0, (now - event.recordedAt.getTime()) / 1000);
    lagEvents++;
  }
  return { lagEvents, lagSeconds };
}
