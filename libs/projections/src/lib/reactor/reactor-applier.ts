import type { RecordedEvent } from '@chronicle/event-store';
import { markFailed, withEventSpan } from '@chronicle/observability';
import { isDatabaseUnavailable } from '@chronicle/postgres';
import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import type { DataSource } from 'typeorm';
import { CheckpointMovedError } from '../core/errors';
import { partitionOf } from '../core/partition';
import { holdKeyOf } from '../core/projection';
import { insertDeadLetters, type ParkedEvent } from '../dead-letters/dead-letter-sql';
import { describeError, type HandlerRetryOptions } from '../runner/apply-events';
import type { BatchOutcome, BatchTarget } from '../runner/batch-applier';
import { observedBatch } from '../runner/batch-observers';
import { advanceCheckpoints, advanceEmptyCheckpoint, heldKeys, lockCheckpoints, requireCheckpointsAt } from '../store/checkpoint-sql';
import type { RuntimeTables } from '../store/runtime-schema';
import { inTransaction } from '../store/transaction';
import { reactionContext, StagedEffects } from './reaction-context';
import { decodeForReactor, type ReactorProjection } from './reactor-definition';
import { effectsCtes, readState, writeEffects } from './reactor-sql';

/**
 * Failures that say nothing about the event: the database or a service is away. They are not
 * charged to the event (no parking): the batch fails and starts over from its checkpoint.
 */
const TRANSIENT_CODES = new Set(['EVENT_STORE_UNAVAILABLE', 'SERVICE_UNAVAILABLE', 'TIMEOUT', 'CONCURRENCY_CONFLICT']);
export const isTransientFailure = (error: unknown): boolean =>
  isDatabaseUnavailable(error) || TRANSIENT_CODES.has(String((error as { code?: unknown } | undefined)?.code));

export type ReactionOutcome = { ok: true; effects: StagedEffects; attempts: number } | { ok: false; error: string; attempts: number };

/**
 * Runs a reactor's batches. Reactions (which send commands) run outside any transaction, one
 * event after another, each retried with backoff; then ONE short transaction checks that the
 * checkpoint did not move, writes what the reactions staged (state, timers), parks what failed
 * and moves the checkpoint. A crash in between redelivers the batch: the commands go out again
 * with the same ids, and the command side answers them from what it already wrote.
 */
export class ReactorApplier {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tables: RuntimeTables,
    private readonly retryOptions: HandlerRetryOptions,
    /** Told after a commit that scheduled timers (the earliest due) or released held ones (now): this process's poller wakes then. */
    private readonly timersScheduled: (reactor: string, dueAt: Date) => void = () => undefined,
  ) {}

  /** Runs the batch measured (batch duration) and, live, traced: a batch span, and each event's reaction in a span continuing its stored trace. */
  apply(target: BatchTarget, events: readonly RecordedEvent[], position: bigint, expected: bigint): Promise<BatchOutcome> {
    return observedBatch(this.dataSource, target, events, () => this.applyBatch(target, events, position, expected));
  }

  /** Throws CheckpointMovedError unless the partition's checkpoint is still at `expected`. */
  confirm(target: BatchTarget, expected: bigint): Promise<void> {
    return requireCheckpointsAt(this.dataSource, this.tables, target, expected, false);
  }

  private async applyBatch(target: BatchTarget, events: readonly RecordedEvent[], position: bigint, expected: bigint): Promise<BatchOutcome> {
    const projection = target.projection as ReactorProjection;
    const { version, partitions } = target;
    if (events.length === 0 && partitions.length === 1) {
      if (!(await advanceEmptyCheckpoint(this.dataSource, this.tables, projection.name, version, partitions[0], position, expected, false))) {
        throw new CheckpointMovedError(`Checkpoint of '${projection.name}' moved under the batch`);
      }
      return { applied: 0, parked: 0 };
    }
    const held = events.length ? await heldKeys(this.dataSource, this.tables, projection.name, version, partitions) : new Set<string>();
    const batch = new StagedEffects();
    const parked: ParkedEvent[] = [];
    let applied = 0;
    for (const event of events) {
      const holdKey = holdKeyOf(projection, event);
      const partition = partitionOf(event.streamId, projection.partitions);
      if (held.has(holdKey)) {
        parked.push({ partition, holdKey, event, status: 'held', attempts: 0 });
        continue;
      }
      const outcome = await (target.mode === 'live'
        ? withEventSpan(event, { subscriber: projection.name }, async (span) => {
            const reaction = await this.react(projection, event, batch);
            if (!reaction.ok) markFailed(span, new Error(reaction.error));
            return reaction;
          })
        : this.react(projection, event, batch));
      if (outcome.ok) {
        batch.absorb(outcome.effects);
        applied++;
      } else {
        parked.push({ partition, holdKey, event, status: 'failed', attempts: outcome.attempts, error: outcome.error });
        held.add(holdKey);
      }
    }
    await inTransaction(this.dataSource, async (runner) => {
      const locked = await lockCheckpoints(runner, this.tables, projection.name, version, partitions);
      if (locked.length !== partitions.length || locked.some((c) => c.position !== expected)) {
        throw new CheckpointMovedError(`Checkpoint of '${projection.name}' moved under the batch`);
      }
      // A dead letter retried or skipped meanwhile (it takes the same lock) released a key this
      // batch parked events behind: start over from the checkpoint rather than strand them.
      // (Nothing parked behind an older dead letter: nothing to strand, no need to look.)
      if (parked.some((p) => p.status === 'held')) {
        const stillHeld = await heldKeys(runner, this.tables, projection.name, version, partitions);
        for (const p of parked) if (p.status === 'failed') stillHeld.add(p.holdKey); // parked by this very batch
        if (parked.some((p) => p.status === 'held' && !stillHeld.has(p.holdKey))) {
          throw new CheckpointMovedError(`A dead letter of '${projection.name}' was resolved under the batch`);
        }
      }
      await insertDeadLetters(runner, this.tables, projection.name, version, parked);
      // The effects and the checkpoint move: one statement.
      await advanceCheckpoints(runner, this.tables, projection.name, version, new Map(partitions.map((p) => [p, position])), (params) =>
        effectsCtes(this.tables, projection.name, batch, params),
      );
    });
    this.announceTimers(projection.name, batch);
    return { applied, parked: parked.length };
  }

  /**
   * Runs every step for one event (decoded by the reactor's registry), retried with backoff.
   * `batch` holds what earlier events of the same batch staged, so their state reads see it.
   */
  async react(projection: ReactorProjection, event: RecordedEvent, batch: StagedEffects): Promise<ReactionOutcome> {
    const { reactor } = projection;
    let attempts = 0;
    const policy = retry(handleWhen((e) => !isTransientFailure(e)), {
      maxAttempts: Math.max(0, this.retryOptions.maxAttempts - 1),
      backoff: new ExponentialBackoff({ initialDelay: this.retryOptions.initialDelayMs, maxDelay: this.retryOptions.maxDelayMs }),
    });
    try {
      const effects = await policy.execute(async () => {
        attempts++;
        const staged = new StagedEffects();
        const decoded = decodeForReactor(reactor, event);
        const holdKey = holdKeyOf(projection, event);
        for (const step of reactor.steps.get(event.type) ?? []) {
          const read = (key: string) => readState(this.dataSource, this.tables, reactor.name, key);
          await step.run.react(reactionContext({ event: decoded, recorded: event, step: step.name, namespace: reactor.namespace, staged, batch, read, holdKey }));
        }
        return staged;
      });
      return { ok: true, effects, attempts };
    } catch (error) {
      if (isTransientFailure(error)) throw error;
      return { ok: false, error: describeError(error), attempts };
    }
  }

  /** Commits staged effects on their own (a redelivery outside the batch loop). */
  async commitEffects(reactor: string, effects: StagedEffects): Promise<void> {
    await inTransaction(this.dataSource, (runner) => writeEffects(runner, this.tables, reactor, effects));
    this.announceTimers(reactor, effects);
  }

  private announceTimers(reactor: string, effects: StagedEffects): void {
    let earliest: Date | undefined;
    for (const timer of effects.timers.values()) if (timer && (!earliest || timer.dueAt < earliest)) earliest = timer.dueAt;
    if (earliest) this.timersScheduled(reactor, earliest);
  }

  /** Commits what a dead-letter retry's reaction staged, with its dead letter removed, under the partition's checkpoint lock. */
  async commitResolved(projection: ReactorProjection, version: number, partition: number, deadLetterId: string, effects: StagedEffects | undefined): Promise<void> {
    await inTransaction(this.dataSource, async (runner) => {
      await lockCheckpoints(runner, this.tables, projection.name, version, [partition]);
      if (effects) await writeEffects(runner, this.tables, projection.name, effects);
      await runner.query(`DELETE FROM ${this.tables.deadLetters} WHERE id = $1::int8`, [deadLetterId]);
    });
    // Its hold key may be free now: timers it held back are due at once.
    this.timersScheduled(projection.name, new Date());
  }
}
