import type { EventStore, RecordedEvent } from '@chronicle/event-store';
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
import { SubscriptionsAdmin } from './admin/subscriptions-admin';
import { isReactor } from './reactor/reactor-definition';
import { StagedEffects } from './reactor/reaction-context';
import { ReactorApplier } from './reactor/reactor-applier';
import { DEFAULT_TIMER_POLLING, TimerPoller, type TimerPollerOptions } from './reactor/timer-poller';

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
  /** How often leases are balanced and dead owners' partitions taken over while anything is unsettled. Default 1000 ms. */
  leaseIntervalMs?: number;
  /**
   * How often a settled runner (every partition owned, membership unchanged) still checks its
   * leases; a join, a leave or a member's crash wakes it at once. Default 15 s (at least leaseIntervalMs).
   */
  leaseSettledIntervalMs?: number;
  /** A batch running longer, or no progress while behind for longer, is 'stalled'. Default 30 s. */
  stallTimeoutMs?: number;
  /** Pause before a failed partition restarts from its checkpoint. Default 1000 ms. */
  restartDelayMs?: number;
  retry?: Partial<HandlerRetryOptions>;
  /** How reactors' durable timers are polled and claimed. */
  timers?: Partial<TimerPollerOptions>;
}

/**
 * The projections runtime of one process: runs the partitions this process leases (start()),
 * and serves read-your-writes, read-model queries, dead letters, rebuilds and health.
 */
export class Projections {
  private readonly tables: RuntimeTables;
  private readonly applier: BatchApplier;
  private readonly reactorApplier: ReactorApplier;
  private readonly timerPollers = new Map<string, TimerPoller>();
  private readonly waiter: CheckpointWaiter;
  private readonly deadLetterService: DeadLetters;
  private readonly byName = new Map<string, ProjectionDefinition>();
  private readonly workers = new Map<string, PartitionWorker>();
  private readonly settings: Required<Omit<ProjectionsOptions, 'eventStore' | 'dataSource' | 'projections' | 'retry' | 'runtimeSchema' | 'timers'>>;
  private coordinator: LeaseCoordinator | undefined;
  /** The operators' actions on these subscriptions (the admin API of the service running them). */
  readonly admin: SubscriptionsAdmin;

  constructor(private readonly options: ProjectionsOptions) {
    this.tables = runtimeTables(options.runtimeSchema ?? 'chronicle_projections');
    const retry = { ...DEFAULT_HANDLER_RETRY, ...options.retry };
    this.applier = new BatchApplier(options.dataSource, this.tables, retry);
    this.reactorApplier = new ReactorApplier(options.dataSource, this.tables, retry, (reactor, dueAt) => this.timerPollers.get(reactor)?.timerScheduled(dueAt));
    this.waiter = new CheckpointWaiter(options.dataSource, this.tables);
    this.deadLetterService = new DeadLetters(options.dataSource, this.tables, retry, this.reactorApplier);
    for (const projection of options.projections ?? []) this.register(projection);
    this.admin = new SubscriptionsAdmin(this, { store: options.eventStore, dataSource: options.dataSource, tables: this.tables });
    this.settings = {
      batchSize: options.batchSize ?? 500,
      maxWaitMs: options.maxWaitMs ?? 50,
      leaseIntervalMs: options.leaseIntervalMs ?? 1000,
      leaseSettledIntervalMs: Math.max(options.leaseSettledIntervalMs ?? 15_000, options.leaseIntervalMs ?? 1000),
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
      this.settings.leaseSettledIntervalMs,
    );
    await this.coordinator.start();
    // Every process running a reactor fires its due timers; claims keep replicas from firing one twice.
    for (const projection of this.definitions()) {
      if (!isReactor(projection) || projection.reactor.timers.size === 0) continue;
      const poller = new TimerPoller(this.options.dataSource, this.tables, projection.reactor, { ...DEFAULT_TIMER_POLLING, ...this.options.timers });
      this.timerPollers.set(projection.name, poller);
      poller.start();
    }
  }

  /** Stops every worker (running batches finish first), gives up the leases and closes connections. */
  async stop(): Promise<void> {
    const coordinator = this.coordinator;
    this.coordinator = undefined;
    await Promise.all([...this.timerPollers.values()].map((poller) => poller.stop()));
    this.timerPollers.clear();
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
    const definition = this.definition(projection);
    if (isReactor(definition)) {
      return Promise.reject(new ProjectionDefinitionError(`'${projection}' is a reactor: it has no read model to rebuild (reset its checkpoint to react again)`));
    }
    const { batchSize, maxWaitMs } = this.settings;
    const deps = { ...this.options, store: this.options.eventStore, tables: this.tables, applier: this.applier, waiter: this.waiter };
    return rebuildProjection({ ...deps, batchSize, maxWaitMs }, definition, options);
  }

  /**
   * Runs a reactor's steps for one event again, as a redelivery after a crash would (the same
   * command ids), and commits what they stage; the checkpoint does not move.
   */
  async redeliver(reactor: string, event: RecordedEvent): Promise<void> {
    const definition = this.definition(reactor);
    if (!isReactor(definition)) throw new ProjectionDefinitionError(`'${reactor}' is not a reactor`);
    const outcome = await this.reactorApplier.react(definition, event, new StagedEffects());
    if (!outcome.ok) throw new Error(`Redelivering ${event.type} ${event.eventId} to '${reactor}' failed: ${outcome.error}`);
    await this.reactorApplier.commitEffects(definition.name, outcome.effects);
  }

  /** Fires the reactor's due timers now (as its poller does every interval); returns how many fired. */
  async fireDueTimers(reactor: string): Promise<number> {
    const definition = this.definition(reactor);
    if (!isReactor(definition)) throw new ProjectionDefinitionError(`'${reactor}' is not a reactor`);
    const poller = this.timerPollers.get(reactor) ?? new TimerPoller(this.options.dataSource, this.tables, definition.reactor, { ...DEFAULT_TIMER_POLLING, ...this.options.timers });
    return poller.fireDue();
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
      applier: isReactor(projection) ? this.reactorApplier : this.applier,
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
