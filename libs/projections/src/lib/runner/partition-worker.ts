import type { EventStore, RecordedEvent } from '@chronicle/event-store';
import type { DataSource } from 'typeorm';
import { CheckpointMovedError } from '../core/errors';
import { partitionOf } from '../core/partition';
import type { ProjectionDefinition } from '../core/projection';
import { ensureCheckpoints } from '../store/checkpoint-sql';
import type { RuntimeTables } from '../store/runtime-schema';
import { describeError } from './apply-events';
import type { BatchOutcome, BatchTarget } from './batch-applier';
import { BatchReader, type ReadBatch } from './batch-reader';
import { activeVersion } from './versions';

export type PartitionState = 'starting' | 'catching-up' | 'live' | 'failed';

/** What a worker knows about itself; health turns it into catching-up / live / stalled / failed. */
export interface PartitionProgress {
  state: PartitionState;
  version: number | undefined;
  position: bigint | undefined;
  /** When the running batch started (undefined between batches). */
  batchStartedAt: number | undefined;
  lastProgressAt: number;
  lastError: string | undefined;
}

export interface PartitionWorkerOptions {
  store: EventStore;
  dataSource: DataSource;
  tables: RuntimeTables;
  /** Applies a batch and moves its checkpoint (the projection applier, or a reactor's). */
  applier: {
    apply(target: BatchTarget, events: readonly RecordedEvent[], position: bigint, expected: bigint): Promise<BatchOutcome>;
    /** Throws CheckpointMovedError unless the checkpoint is still at `expected` (read only). */
    confirm(target: BatchTarget, expected: bigint): Promise<void>;
  };
  projection: ProjectionDefinition;
  partition: number;
  batchSize: number;
  maxWaitMs: number;
  /** Pause before a failed partition starts again from its checkpoint. */
  restartDelayMs: number;
}

/**
 * Runs one partition of one projection while this process holds its lease: reads from the
 * checkpoint, applies batches, and starts over from the checkpoint after any failure.
 */
export class PartitionWorker {
  readonly progress: PartitionProgress = {
    state: 'starting',
    version: undefined,
    position: undefined,
    batchStartedAt: undefined,
    lastProgressAt: Date.now(),
    lastError: undefined,
  };
  private reader: BatchReader | undefined;
  private stopping = false;
  private wakeRestart: (() => void) | undefined;
  private readonly done: Promise<void>;

  constructor(private readonly options: PartitionWorkerOptions) {
    this.done = this.run();
  }

  /** Stops reading; a batch already in its transaction finishes (commits or rolls back) first. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeRestart?.();
    await this.reader?.stop();
    await this.done;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.consume();
      } catch (error) {
        if (this.stopping) break;
        this.progress.batchStartedAt = undefined;
        // A switch to a new version or a lost race for the checkpoint is no failure: start over soon.
        const moved = error instanceof CheckpointMovedError;
        if (!moved) {
          this.progress.state = 'failed';
          this.progress.lastError = describeError(error);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, moved ? 20 : this.options.restartDelayMs);
          this.wakeRestart = () => (clearTimeout(timer), resolve());
        });
      } finally {
        await this.reader?.stop();
        this.reader = undefined;
      }
    }
  }

  private async consume(): Promise<void> {
    const { projection, partition, dataSource, tables } = this.options;
    const version = await activeVersion(dataSource, tables, projection);
    const runner = dataSource.createQueryRunner();
    let position: bigint;
    try {
      position = (await ensureCheckpoints(runner, tables, projection.name, version, [partition])).get(partition) ?? 0n;
    } finally {
      await runner.release();
    }
    Object.assign(this.progress, { version, position, state: 'catching-up', lastProgressAt: Date.now() });
    if (this.stopping) return;
    this.reader = new BatchReader({
      store: this.options.store,
      eventTypes: projection.handles,
      from: position,
      accept: (event) => partitionOf(event.streamId, projection.partitions) === partition,
      batchSize: this.options.batchSize,
      maxWaitMs: this.options.maxWaitMs,
    });
    const target = { projection, version, partitions: [partition], mode: 'live' as const };
    for (let batch = await this.reader.next(); batch; batch = await this.reader.next()) {
      if (batch.position !== position && quiet(batch, position)) {
        // Nothing at all was appended since the checkpoint: only the horizon moved (other
        // transactions got ids). Writing the checkpoint would take an id of its own and move every
        // other subscriber's horizon in turn, for ever at idle; reading it still notices a reset,
        // another owner or a switch. Read-your-writes waits for event positions, none in between.
        await this.options.applier.confirm(target, position);
        Object.assign(this.progress, { lastProgressAt: Date.now(), lastError: undefined });
      } else if (batch.position !== position) {
        this.progress.batchStartedAt = Date.now();
        await this.options.applier.apply(target, batch.events, batch.position, position);
        position = batch.position;
        Object.assign(this.progress, { position, batchStartedAt: undefined, lastProgressAt: Date.now(), lastError: undefined });
      }
      if (batch.caughtUp) {
        this.progress.state = 'live';
        this.progress.lastProgressAt = Date.now();
      } else if (this.progress.state !== 'live') {
        this.progress.state = 'catching-up';
      }
    }
  }
}

/** A batch with no events whose range holds no event of any type: the store said its newest event is at or before the checkpoint. */
function quiet(batch: ReadBatch, checkpoint: bigint): boolean {
  return batch.events.length === 0 && batch.lastEventPosition !== undefined && batch.lastEventPosition <= checkpoint;
}
