import type { RecordedEvent } from '@chronicle/event-store';
import { withEventSpan } from '@chronicle/observability';
import type { DataSource, QueryRunner } from 'typeorm';
import { CheckpointMovedError } from '../core/errors';
import { partitionOf } from '../core/partition';
import { holdKeyOf, versionSchema, type ProjectionDefinition, type ProjectionHandler } from '../core/projection';
import { insertDeadLetters, type ParkedEvent } from '../dead-letters/dead-letter-sql';
import { advanceCheckpoints, advanceEmptyCheckpoint, heldKeys, lockCheckpoints, requireCheckpointsAt } from '../store/checkpoint-sql';
import type { RuntimeTables } from '../store/runtime-schema';
import { inTransaction } from '../store/transaction';
import { applyAll, applyOne, unwrapRuntimeError, type HandlerRetryOptions } from './apply-events';
import { observedBatch } from './batch-observers';

/** Which checkpoints a batch moves: one partition (a worker) or all of them (a rebuild). */
export interface BatchTarget {
  projection: ProjectionDefinition;
  version: number;
  partitions: readonly number[];
  /** Live workers write only the active version; a rebuild writes the next one. */
  mode: 'live' | 'rebuild';
}

export interface BatchOutcome {
  applied: number;
  parked: number;
}

/** Runs `work` in a transaction whose search_path is the version's schema. */
export function inVersionTransaction<T>(
  dataSource: DataSource,
  projection: string,
  version: number,
  work: (runner: QueryRunner) => Promise<T>,
): Promise<T> {
  return inTransaction(dataSource, async (runner) => {
    await runner.query(`SET LOCAL search_path TO "${versionSchema(projection, version)}"`);
    return work(runner);
  });
}

/**
 * Applies a batch and moves its checkpoints in ONE transaction: after a crash either both are
 * there or neither, so no event is lost or applied twice. `expected` is where the caller
 * believes the checkpoints are; if they moved (another owner, a switch), nothing commits.
 */
export class BatchApplier {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tables: RuntimeTables,
    private readonly retryOptions: HandlerRetryOptions,
  ) {}

  apply(target: BatchTarget, events: readonly RecordedEvent[], position: bigint, expected: bigint): Promise<BatchOutcome> {
    return observedBatch(this.dataSource, target, events, () => this.applyInTransaction(target, events, position, expected));
  }

  /** Throws CheckpointMovedError unless the partition's checkpoint is still at `expected` in the active version. */
  confirm(target: BatchTarget, expected: bigint): Promise<void> {
    return requireCheckpointsAt(this.dataSource, this.tables, target, expected, target.mode === 'live');
  }

  private async applyInTransaction(target: BatchTarget, events: readonly RecordedEvent[], position: bigint, expected: bigint): Promise<BatchOutcome> {
    const { projection, version, partitions } = target;
    if (events.length === 0 && target.mode === 'live' && partitions.length === 1) {
      if (!(await advanceEmptyCheckpoint(this.dataSource, this.tables, projection.name, version, partitions[0], position, expected, true))) {
        throw new CheckpointMovedError(`Checkpoint of '${projection.name}' v${version} moved, or the version is no longer active`);
      }
      return { applied: 0, parked: 0 };
    }
    try {
      return await this.inBatchTransaction(target, position, expected, (runner) => this.applyEvents(runner, target, events, 'whole'));
    } catch (error) {
      if (!(error instanceof HandlerFailedInBatch)) throw error;
      // The whole batch rolled back: find the poison event(s) in a fresh transaction, one event at a time.
      return this.inBatchTransaction(target, position, expected, (runner) => this.applyEvents(runner, target, events, 'one-by-one'));
    }
  }

  /**
   * One batch transaction: locks the checkpoints (and sets the version's schema as the search
   * path, in the same statement), checks they are still at `expected`, runs `work`, moves them.
   */
  private inBatchTransaction(target: BatchTarget, position: bigint, expected: bigint, work: (runner: QueryRunner) => Promise<BatchOutcome>): Promise<BatchOutcome> {
    const { projection, version, partitions } = target;
    return inTransaction(this.dataSource, async (runner) => {
      const locked = await lockCheckpoints(runner, this.tables, projection.name, version, partitions, `"${versionSchema(projection.name, version)}"`);
      const moved = locked.length !== partitions.length || locked.some((c) => c.position !== expected);
      if (moved) throw new CheckpointMovedError(`Checkpoint of '${projection.name}' v${version} moved under the batch`);
      if (target.mode === 'live' && locked[0]?.activeVersion !== version) {
        throw new CheckpointMovedError(`'${projection.name}' v${version} is no longer the active version`);
      }
      const outcome = await work(runner);
      await advanceCheckpoints(runner, this.tables, projection.name, version, new Map(partitions.map((p) => [p, position])));
      return outcome;
    });
  }

  /**
   * Applies events in order inside the caller's transaction, parking poison events and what queues behind them.
   * - 'guarded' (default): all at once under a savepoint; when a handler fails, rolls back to it and goes one by one.
   * - 'whole': all at once without a savepoint (two round trips fewer); when a handler fails, throws
   *   HandlerFailedInBatch: the caller rolls the transaction back and runs the batch again 'one-by-one'.
   * - 'one-by-one': each event under its own savepoint, with retries.
   */
  async applyEvents(runner: QueryRunner, target: BatchTarget, events: readonly RecordedEvent[], mode: 'guarded' | 'whole' | 'one-by-one' = 'guarded'): Promise<BatchOutcome> {
    const { projection, version, partitions } = target;
    const held = events.length ? await heldKeys(runner, this.tables, projection.name, version, partitions) : new Set<string>();
    const keyOf = (event: RecordedEvent) => holdKeyOf(projection, event);
    const free = events.filter((e) => !held.has(keyOf(e)));
    const parked: ParkedEvent[] = [];
    const park = (event: RecordedEvent, status: ParkedEvent['status'], attempts = 0, error?: string): void => {
      parked.push({ partition: partitionOf(event.streamId, projection.partitions), holdKey: keyOf(event), event, status, attempts, error });
    };
    let applied = 0;
    const handler = target.mode === 'live' ? tracedHandler(projection) : projection.handler;
    let together = mode !== 'one-by-one';
    if (together) {
      try {
        await applyAll(runner, handler, free, mode === 'guarded');
        applied = free.length;
        for (const event of events) if (held.has(keyOf(event))) park(event, 'held');
      } catch (error) {
        const runtime = unwrapRuntimeError(error);
        if (runtime !== undefined) throw runtime;
        if (mode === 'whole') throw new HandlerFailedInBatch(error);
        together = false;
      }
    }
    if (!together) {
      // Somewhere in the batch is a poison event: go one by one to find it and park it.
      for (const event of events) {
        if (held.has(keyOf(event))) {
          park(event, 'held');
          continue;
        }
        const result = await applyOne(runner, handler, event, this.retryOptions);
        if (result.ok) {
          applied++;
        } else {
          park(event, 'failed', result.attempts, result.error);
          held.add(keyOf(event));
        }
      }
    }
    await insertDeadLetters(runner, this.tables, projection.name, version, parked);
    return { applied, parked: parked.length };
  }
}

/** A handler failed while a batch was applied all at once without a savepoint: its transaction must roll back. */
class HandlerFailedInBatch extends Error {
  constructor(cause: unknown) {
    super('a handler failed in a batch applied all at once', { cause });
  }
}

/** The projection's handler with each event applied in a span that continues the event's stored trace. */
function tracedHandler(projection: ProjectionDefinition): ProjectionHandler {
  const { handler, name } = projection;
  return {
    setup: (manager) => handler.setup(manager),
    apply: (event, manager) => withEventSpan(event, { subscriber: name }, () => handler.apply(event, manager)),
    ...(handler.applyBatch ? { applyBatch: handler.applyBatch.bind(handler) } : {}),
  };
}
