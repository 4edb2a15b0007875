import type { EventStore } from '@chronicle/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import { ProjectionDefinitionError, ProjectionLaggingError, UnknownProjectionError, WaitForPositionTimeoutError } from './core/errors';
import type { ProjectionDefinition } from './core/projection';
import { DeadLetters, type DeadLetter, type DeadLetterResolution } from './dead-letters/dead-letters';
import { projectionStatus, type ProjectionStatus } from './health/projection-status';
import { LeaseCoordinator } from './lease/lease-coordinator';
import { withReadModel } from './read-model/with-read-model';
import { rebuildProjection, type RebuildOptions, type RebuildResult } from './rebuild/rebuilder';
import { DEFAULT_HANDLER_RETRY, type HandlerRetryOptions } from './runner/apply-events';
import { BatchApplier } from './runner/batch-applier';
import { PartitionWorker } from './runner/partition-worker';
import { migrateRuntimeSchema, runtimeTables, type RuntimeTables } from './store/runtime-schema';
import { CheckpointWaiter } from './wait/checkpoint-waiter';

export interface ProjectionsOptions {
  eventStore: EventStore;
  /** An initialized TypeORM DataSource (postgres driver) of the read-model database. */
  dataSource: DataSource;
  /** The projections to run; more can be added with register() before start(). */
  projections?: readonly ProjectionDefinition[];
  /** Schema of the runtime tables (checkpoints, versions, dead letters). Default `chronicle_projections`. */
  runtimeSchema?: string;
  /** Events per batch transaction. Default 500. */
  batchSize?: number;
  /** A batch closes this long after its first event at the latest. Default 50 ms. */
  maxWaitMs?: number;
  /** How often leases are balanced and dead owners' partitions taken over. Default 1000 ms. */
  leaseIntervalMs?: number;
  /** A batch running longer, or no progress while behind for longer, is 'stalled'. Default 30 s. */
  stallTimeoutMs?: number;
  /** Pause before a failed partition restarts from its checkpoint. Default 1000 ms. */
  restartDelayMs?: number;
  retry?: Partial<HandlerRetryOptions>;
}

/**
 * The projections runtime of one process: runs the partitions this process leases (start()),
 * and serves read-your-writes, read-model queries, dead letters, rebuilds and health.
 */
export class Projections {
  private readonly tables: RuntimeTables;
  private readonly applier: BatchApplier;
  private readonly waiter: CheckpointWaiter;
  private readonly deadLetterService: DeadLetters;
  private readonly byName = new Map<string, ProjectionDefinition>();
  private readonly workers = new Map<string, PartitionWorker>();
  private readonly settings: Required<Omit<ProjectionsOptions, 'eventStore' | 'dataSource' | 'projections' | 'retry' | 'runtimeSchema'>>;
  private coordinator: LeaseCoordinator | undefined;

  constructor(private readonly options: ProjectionsOptions) {
    this.tables = runtimeTables(options.runtimeSchema ?? 'chronicle_projections');
    const retry = { ...DEFAULT_HANDLER_RETRY, ...options.retry };
    this.applier = new BatchApplier(options.dataSource, this.tables, retry);
    this.waiter = new CheckpointWaiter(options.dataSource, this.tables);
    this.deadLetterService = new DeadLetters(options.dataSource, this.tables, retry);
    for (const projection of options.projections ?? []) this.register(projection);
    this.settings = {
      batchSize: options.batchSize ?? 500,
      maxWaitMs: options.maxWaitMs ?? 50,
      leaseIntervalMs: options.leaseIntervalMs ?? 1000,
      stallTimeoutMs: options.stallTimeoutMs ?? 30_000,
      restartDelayMs: options.restartDelayMs ?? 1000,
    };
  }

  /** Adds a projection; it runs from the next start(). */
  register(projection: ProjectionDefinition): void {
    if (this.byName.has(projection.name)) throw new ProjectionDefinitionError(`Projection '${projection.name}' is registered twice`);
    this.byName.set(projection.name, projection);
  }

  /** The registered projections. */
  definitions(): ProjectionDefinition[] {
    return [...this.byName.values()];
  }

  /** Creates the runtime tables (idempotent). */
  migrate(): Promise<void> {
    return migrateRuntimeSchema(this.options.dataSource, this.tables);
  }

  /** Starts leasing partitions and running them; resolves after the first lease round. */
  async start(): Promise<void> {
    if (this.coordinator) return;
    await this.migrate();
    this.coordinator = new LeaseCoordinator(
      this.options.dataSource,
      this.definitions(),
      {
        acquired: (projection, partition) => this.startWorker(projection, partition),
        released: (projection, partition) => this.stopWorker(projection.name, partition),
      },
      this.settings.leaseIntervalMs,
    );
    await this.coordinator.start();
  }

  /** Stops every worker (running batches finish first), gives up the leases and closes connections. */
  async stop(): Promise<void> {
    const coordinator = this.coordinator;
    this.coordinator = undefined;
    await coordinator?.stop();
    await Promise.all([...this.workers.keys()].map((key) => this.workers.get(key)?.stop()));
    this.workers.clear();
    await this.waiter.close();
  }

  /** Resolves when every partition of the projection passed `position`; rejects with WaitForPositionTimeoutError. */
  waitForPosition(projection: string, position: bigint, timeoutMs: number): Promise<void> {
    this.definition(projection);
    return this.waiter.waitForPosition(projection, position, timeoutMs);
  }

  /**
   * Read-your-writes for a query: waits until `projection` has applied `minPosition` (a position
   * from a command reply, as a decimal string; nothing to wait for when undefined), else throws
   * ProjectionLaggingError after `timeoutMs`.
   */
  async readYourWrites(projection: string, minPosition: string | undefined, timeoutMs: number): Promise<void> {
    if (minPosition === undefined) return;
    try {
      await this.waitForPosition(projection, BigInt(minPosition), timeoutMs);
    } catch (error) {
      if (error instanceof WaitForPositionTimeoutError) throw new ProjectionLaggingError(projection, minPosition, timeoutMs, error);
      throw error;
    }
  }

  /** Runs `fn` in a read-only transaction on the active version of the read model. */
  withReadModel<T>(projection: string, fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    this.definition(projection);
    return withReadModel(this.options.dataSource, this.tables, projection, fn);
  }

  listDeadLetters(projection: string): Promise<DeadLetter[]> {
    this.definition(projection);
    return this.deadLetterService.list(projection);
  }

  /** Re-applies a parked event and the ones held behind it, in order, with the current handler. */
  retryDeadLetter(projection: string, id: string): Promise<DeadLetterResolution> {
    return this.deadLetterService.retry(this.definition(projection), id);
  }

  /** Drops a parked event and re-applies the ones held behind it. */
  skipDeadLetter(projection: string, id: string): Promise<DeadLetterResolution> {
    return this.deadLetterService.skip(this.definition(projection), id);
  }

  /** Builds a new version beside the live one and switches to it atomically when it caught up. */
  rebuild(projection: string, options?: RebuildOptions): Promise<RebuildResult> {
    const { batchSize, maxWaitMs } = this.settings;
    const deps = { ...this.options, store: this.options.eventStore, tables: this.tables, applier: this.applier, waiter: this.waiter };
    return rebuildProjection({ ...deps, batchSize, maxWaitMs }, this.definition(projection), options);
  }

  /** Lag, state and dead-letter depth of every partition of every projection. */
  async status(): Promise<ProjectionStatus[]> {
    const sources = {
      store: this.options.eventStore,
      dataSource: this.options.dataSource,
      tables: this.tables,
      stallTimeoutMs: this.settings.stallTimeoutMs,
      unownedGraceMs: 3 * this.settings.leaseIntervalMs,
      lease: (name: string) => this.coordinator?.view(name),
      local: (name: string, partition: number) => this.workers.get(workerKey(name, partition))?.progress,
    };
    const all = await Promise.all(this.definitions().map((p) => projectionStatus(sources, p)));
    return all.flat();
  }

  /** Partitions this process runs now, per projection. */
  ownedPartitions(projection: string): number[] {
    return [...this.workers.keys()].filter((k) => k.startsWith(`${projection}/`)).map((k) => Number(k.split('/')[1])).sort((a, b) => a - b);
  }

  private definition(name: string): ProjectionDefinition {
    const found = this.byName.get(name);
    if (!found) throw new UnknownProjectionError(name);
    return found;
  }

  private startWorker(projection: ProjectionDefinition, partition: number): void {
    const worker = new PartitionWorker({
      ...this.settings,
      store: this.options.eventStore,
      dataSource: this.options.dataSource,
      tables: this.tables,
      applier: this.applier,
      projection,
      partition,
    });
    this.workers.set(workerKey(projection.name, partition), worker);
  }

  private async stopWorker(projection: string, partition: number): Promise<void> {
    const key = workerKey(projection, partition);
    const worker = this.workers.get(key);
    this.workers.delete(key);
    await worker?.stop();
  }
}

const workerKey = (projection: string, partition: number): string => `${projection}/${partition}`;
