import type { EventStore, RecordedEvent } from '@chronicle/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import { CheckpointMovedError, RebuildInProgressError } from '../core/errors';
import { partitionOf } from '../core/partition';
import { versionSchema, type ProjectionDefinition } from '../core/projection';
import { connectDedicatedClient } from '../lease/dedicated-client';
import { inVersionTransaction, type BatchApplier, type BatchTarget } from '../runner/batch-applier';
import { BatchReader } from '../runner/batch-reader';
import { activeVersion } from '../runner/versions';
import { advanceCheckpoints, ensureCheckpoints, lockCheckpoints } from '../store/checkpoint-sql';
import type { RuntimeTables } from '../store/runtime-schema';
import type { CheckpointWaiter } from '../wait/checkpoint-waiter';
import { ProgressMeter, type RebuildProgress } from './rebuild-progress';

export interface RebuildOptions {
  onProgress?: (progress: RebuildProgress) => void;
  /**
   * Called inside the switch transaction, after the new version caught up to the live one's
   * checkpoints and before it becomes active: `manager` reads the new schema.
   */
  onSwitch?: (context: { manager: EntityManager; previousVersion: number; version: number }) => Promise<void>;
  /** How long to let the live version pass the rebuild's position before switching. Default 10 s. */
  liveCatchUpTimeoutMs?: number;
}

export interface RebuildResult {
  previousVersion: number;
  version: number;
  processed: number;
  durationMs: number;
}

export interface RebuilderDeps {
  store: EventStore;
  dataSource: DataSource;
  tables: RuntimeTables;
  applier: BatchApplier;
  waiter: CheckpointWaiter;
  batchSize: number;
  maxWaitMs: number;
}

/**
 * Builds version n+1 of a projection beside the live version n (its own schema and checkpoints),
 * catches it up, then switches: one transaction that waits for running live batches (row lock),
 * applies the tail up to the live checkpoints so both versions stand at the same positions, and
 * makes n+1 active. Queries keep reading version n until that commit.
 */
export async function rebuildProjection(deps: RebuilderDeps, projection: ProjectionDefinition, options: RebuildOptions = {}): Promise<RebuildResult> {
  const { dataSource, tables } = deps;
  const lock = await connectDedicatedClient(dataSource, 'chronicle-projection-rebuild');
  try {
    const { rows } = await lock.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [
      `chronicle-projection-rebuild:${projection.name}`,
    ]);
    if (!rows[0]?.ok) throw new RebuildInProgressError(projection.name);
    const startedAt = Date.now();
    const previousVersion = await activeVersion(dataSource, tables, projection);
    const version = previousVersion + 1;
    await prepareVersion(deps, projection, version);
    const meter = new ProgressMeter(projection.name, version, await countEvents(deps.store, projection));
    const caughtUp = await catchUp(deps, projection, version, meter, options);
    let position = caughtUp.position;
    // The live version's checkpoints move past quiet ranges only when something was appended there:
    // wait for the newest event the rebuild applied, not for the line it read up to.
    await deps.waiter.waitForPosition(projection.name, caughtUp.lastEvent, options.liveCatchUpTimeoutMs ?? 10_000).catch(() => undefined);
    options.onProgress?.(meter.report('switching', position));
    position = await switchVersion(deps, projection, previousVersion, version, meter, options);
    options.onProgress?.(meter.report('done', position));
    return { previousVersion, version, processed: meter.report('done', position).processed, durationMs: Date.now() - startedAt };
  } finally {
    await lock.end().catch(() => undefined);
  }
}

/** A fresh schema for the version (dropping what an interrupted rebuild left), its tables and checkpoints. */
async function prepareVersion(deps: RebuilderDeps, projection: ProjectionDefinition, version: number): Promise<void> {
  const { dataSource, tables } = deps;
  const schema = versionSchema(projection.name, version);
  await dataSource.transaction(async (manager) => {
    await manager.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await manager.query(`CREATE SCHEMA "${schema}"`);
    await manager.query(`DELETE FROM ${tables.checkpoints} WHERE projection = $1 AND version = $2`, [projection.name, version]);
    await manager.query(`DELETE FROM ${tables.deadLetters} WHERE projection = $1 AND version = $2`, [projection.name, version]);
  });
  await inVersionTransaction(dataSource, projection.name, version, async (runner) => {
    await projection.handler.setup(runner.manager);
    await ensureCheckpoints(runner, tables, projection.name, version, allPartitions(projection));
  });
}

async function countEvents(store: EventStore, projection: ProjectionDefinition): Promise<number> {
  let count = 0;
  for await (const event of store.readAll({ filter: { eventTypes: projection.handles } })) if (event) count++;
  return count;
}

/**
 * Passes over what was appended during the previous one before the switch takes the rest: when
 * writers append as fast as the rebuild applies, "caught up" may never come, so after this many
 * passes the switch applies the last pass's worth of events while live batches wait.
 */
const MAX_CATCH_UP_PASSES = 3;

/**
 * Applies everything from the start into the new version, until the subscription reports it
 * caught up, or it has read up to the head of the store as it was when the last of a few passes
 * began (each pass covers what was appended during the one before).
 */
async function catchUp(
  deps: RebuilderDeps,
  projection: ProjectionDefinition,
  version: number,
  meter: ProgressMeter,
  options: RebuildOptions,
): Promise<{ position: bigint; lastEvent: bigint }> {
  const reader = new BatchReader({
    store: deps.store,
    eventTypes: projection.handles,
    from: 0n,
    accept: () => true,
    batchSize: deps.batchSize,
    maxWaitMs: deps.maxWaitMs,
  });
  const target: BatchTarget = { projection, version, partitions: allPartitions(projection), mode: 'rebuild' };
  let position = 0n;
  let lastEvent = 0n;
  let passEnd = await deps.store.headPosition();
  let passes = 1;
  try {
    for (let batch = await reader.next(); batch; batch = await reader.next()) {
      if (batch.position !== position) await deps.applier.apply(target, batch.events, batch.position, position);
      position = batch.position;
      if (batch.events.length > 0) lastEvent = batch.events[batch.events.length - 1].position;
      meter.add(batch.events.length);
      options.onProgress?.(meter.report('catching-up', position));
      if (batch.caughtUp) break;
      if (position >= passEnd) {
        if (passes++ >= MAX_CATCH_UP_PASSES) break;
        passEnd = await deps.store.headPosition();
      }
    }
  } finally {
    await reader.stop();
  }
  return { position, lastEvent };
}

async function switchVersion(
  deps: RebuilderDeps,
  projection: ProjectionDefinition,
  previousVersion: number,
  version: number,
  meter: ProgressMeter,
  options: RebuildOptions,
): Promise<bigint> {
  const { dataSource, tables } = deps;
  const partitions = allPartitions(projection);
  return inVersionTransaction(dataSource, projection.name, version, async (runner) => {
    // Waits for live batches (they hold the row FOR SHARE); later ones see the new version and restart.
    const [row] = (await runner.query(`SELECT active_version FROM ${tables.versions} WHERE projection = $1 FOR UPDATE`, [
      projection.name,
    ])) as { active_version: number }[];
    if (row?.active_version !== previousVersion) throw new CheckpointMovedError(`'${projection.name}' was switched by someone else`);
    const own = await lockCheckpoints(runner, tables, projection.name, version, partitions);
    const from = own[0]?.position ?? 0n;
    const live = await ensureCheckpoints(runner, tables, projection.name, previousVersion, partitions);
    const targets = new Map(partitions.map((p) => [p, maxBigint(live.get(p) ?? 0n, from)]));
    const until = [...targets.values()].reduce(maxBigint, from);
    const tail: RecordedEvent[] = [];
    for await (const event of deps.store.readAll({ fromPosition: from, filter: { eventTypes: projection.handles } })) {
      if (event.position > until) break;
      if (event.position <= (targets.get(partitionOf(event.streamId, projection.partitions)) ?? from)) tail.push(event);
    }
    await deps.applier.applyEvents(runner, { projection, version, partitions, mode: 'rebuild' }, tail);
    meter.add(tail.length);
    await advanceCheckpoints(runner, tables, projection.name, version, targets);
    await runner.query(`UPDATE ${tables.versions} SET active_version = $2, partitions = $3, updated_at = now() WHERE projection = $1`, [
      projection.name,
      version,
      projection.partitions,
    ]);
    await options.onSwitch?.({ manager: runner.manager, previousVersion, version });
    return until;
  });
}

const allPartitions = (projection: ProjectionDefinition): number[] => Array.from({ length: projection.partitions }, (_, p) => p);
const maxBigint = (a: bigint, b: bigint): bigint => (a > b ? a : b);
