import type { EventStore } from '@chronicle/event-store';
import type { DataSource } from 'typeorm';
import { UnknownProjectionError } from '../core/errors';
import type { ProjectionDefinition } from '../core/projection';
import type { DeadLetter, DeadLetterResolution } from '../dead-letters/dead-letters';
import type { ProjectionStatus } from '../health/projection-status';
import { isReactor } from '../reactor/reactor-definition';
import type { RebuildOptions, RebuildResult } from '../rebuild/rebuilder';
import type { RuntimeTables } from '../store/runtime-schema';
import { RebuildRuns, type RebuildRun } from './rebuild-runs';
import { applyReset, planReset, type ResetPlan } from './subscription-reset';

/** One subscription (a projection or a reactor) as operators see it. */
export interface SubscriptionSummary {
  name: string;
  kind: 'projection' | 'reactor';
  version: number;
  handles: string[];
  partitions: ProjectionStatus[];
  dlqDepth: number;
  /** The worst state of its partitions. */
  state: ProjectionStatus['state'];
  lagEvents: number;
  lagSeconds: number;
}

/** What the admin operations need of the runtime that owns the subscriptions. */
export interface AdminRuntime {
  definitions(): ProjectionDefinition[];
  status(): Promise<ProjectionStatus[]>;
  listDeadLetters(name: string): Promise<DeadLetter[]>;
  retryDeadLetter(name: string, id: string): Promise<DeadLetterResolution>;
  skipDeadLetter(name: string, id: string): Promise<DeadLetterResolution>;
  rebuild(name: string, options?: RebuildOptions): Promise<RebuildResult>;
}

const SEVERITY: Record<ProjectionStatus['state'], number> = { live: 0, 'catching-up': 1, stalled: 2, failed: 3 };

/**
 * The operators' actions on subscriptions, implemented once for every service that runs them:
 * list with lag and dead letters, retry / skip dead letters, a rebuild followed to its switch
 * (progress in the runtime's table, so any replica answers), a reset with its dry run.
 */
export class SubscriptionsAdmin {
  private readonly runs: RebuildRuns;

  constructor(
    private readonly runtime: AdminRuntime,
    private readonly deps: { store: EventStore; dataSource: DataSource; tables: RuntimeTables },
  ) {
    this.runs = new RebuildRuns(deps.dataSource, deps.tables);
  }

  async list(): Promise<SubscriptionSummary[]> {
    const statuses = await this.runtime.status();
    return this.runtime.definitions().map((definition) => {
      const partitions = statuses.filter((s) => s.projection === definition.name);
      const state = partitions.reduce<ProjectionStatus['state']>((worst, p) => (SEVERITY[p.state] > SEVERITY[worst] ? p.state : worst), 'live');
      return {
        name: definition.name,
        kind: isReactor(definition) ? 'reactor' : 'projection',
        version: partitions[0]?.version ?? 1,
        handles: [...definition.handles],
        partitions,
        dlqDepth: partitions.reduce((n, p) => n + p.dlqDepth, 0),
        state,
        lagEvents: partitions.reduce((n, p) => n + p.lagEvents, 0),
        lagSeconds: partitions.reduce((n, p) => Math.max(n, p.lagSeconds), 0),
      };
    });
  }

  deadLetters(name: string): Promise<DeadLetter[]> {
    this.definition(name);
    return this.runtime.listDeadLetters(name);
  }

  retry(name: string, id: string): Promise<DeadLetterResolution> {
    return this.runtime.retryDeadLetter(name, id);
  }

  skip(name: string, id: string): Promise<DeadLetterResolution> {
    return this.runtime.skipDeadLetter(name, id);
  }

  /** Retries every failed dead letter (each releases the ones held behind it). */
  async retryAll(name: string): Promise<{ retried: number; applied: number; stillParked: number }> {
    let retried = 0;
    let applied = 0;
    for (const letter of (await this.deadLetters(name)).filter((d) => d.status === 'failed')) {
      const result = await this.runtime.retryDeadLetter(name, letter.id).catch(() => undefined);
      if (!result) continue;
      retried++;
      applied += result.applied;
    }
    return { retried, applied, stillParked: (await this.deadLetters(name)).length };
  }

  /**
   * Starts a rebuild in the background and returns once it runs; follow it with rebuildProgress().
   * A second one while it runs fails with RebuildInProgressError (the rebuild's own lock).
   */
  async startRebuild(name: string): Promise<RebuildRun> {
    this.definition(name);
    await this.runs.started(name);
    let firstProgress: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (firstProgress = resolve));
    const running = this.runtime
      .rebuild(name, { onProgress: (progress) => void this.runs.progressed(progress).catch(() => undefined).finally(firstProgress) })
      .catch(async (error: unknown) => {
        await this.runs.failed(name, error instanceof Error ? error.message : String(error)).catch(() => undefined);
        firstProgress();
        throw error;
      });
    running.catch(() => undefined); // reported through the run's row
    await Promise.race([started, running.then(() => undefined)]);
    const run = await this.runs.latest(name);
    if (run?.phase === 'failed') throw new Error(run.error);
    return run as RebuildRun;
  }

  async rebuildProgress(name: string): Promise<RebuildRun | undefined> {
    this.definition(name);
    return this.runs.latest(name);
  }

  /** The dry run of a reset, or (confirm) the reset itself. */
  reset(name: string, to: bigint, options: { confirm: boolean }): Promise<ResetPlan> {
    const definition = this.definition(name);
    return options.confirm ? applyReset(this.deps, definition, to) : planReset(this.deps, definition, to);
  }

  private definition(name: string): ProjectionDefinition {
    const found = this.runtime.definitions().find((d) => d.name === name);
    if (!found) throw new UnknownProjectionError(name);
    return found;
  }
}
