import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { describeError } from '../runner/apply-events';
import type { RuntimeTables } from '../store/runtime-schema';
import { timerContext } from './reaction-context';
import type { ReactorDefinition } from './reactor-definition';
import { claimDueTimers, deferTimer, nextTimerDueInMs, removeFiredTimer, type ClaimedTimer } from './reactor-sql';

export interface TimerPollerOptions {
  /** The pause while timers are due but none could be claimed (another poller holds them, or dead letters hold them back), and after a failure. */
  pollMs: number;
  /**
   * The longest sleep: the poller sleeps until the next timer is due, and a batch of this
   * process that schedules an earlier one wakes it; this bounds the wait for timers that another
   * process scheduled and could not fire.
   */
  idlePollMs: number;
  /** How long a claimed timer is this poller's before another may fire it (a poller that died). */
  claimMs: number;
  batchSize: number;
}

export const DEFAULT_TIMER_POLLING: TimerPollerOptions = { pollMs: 1_000, idlePollMs: 5_000, claimMs: 30_000, batchSize: 50 };

/**
 * Fires a reactor's due timers. A timer is claimed in one short statement (replicas skip what
 * another claimed), fired outside any transaction, then removed. A crash before the removal
 * fires it again once the claim expires; its command id is the same, so it takes effect once.
 */
export class TimerPoller {
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  /** When the scheduled round runs (performance.now()); undefined while a round runs. */
  private wakeAt: number | undefined;
  /** A timer due before the end of the running round was scheduled: look again right after it. */
  private dueDuringRound = false;
  private round: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tables: RuntimeTables,
    private readonly reactor: ReactorDefinition,
    private readonly options: TimerPollerOptions,
  ) {
    this.logger = new Logger(`Timers:${reactor.name}`);
  }

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  /** Fires what is due now; returns how many fired. */
  async fireDue(): Promise<number> {
    const due = await claimDueTimers(this.dataSource, this.tables, this.reactor.name, this.options.batchSize, this.options.claimMs);
    let fired = 0;
    for (const timer of due) {
      if (this.stopped) break;
      if (await this.fire(timer)) fired++;
    }
    return fired;
  }

  /** A timer due at `dueAt` was scheduled (or released) here: fire it then, not at the next poll. */
  timerScheduled(dueAt: Date): void {
    if (this.stopped) return;
    const delay = Math.max(0, dueAt.getTime() - Date.now());
    if (this.wakeAt === undefined) {
      this.dueDuringRound = true;
      return;
    }
    if (performance.now() + delay < this.wakeAt) this.schedule(delay);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.wakeAt = performance.now() + delayMs;
    this.timer = setTimeout(() => {
      this.wakeAt = undefined;
      this.dueDuringRound = false;
      this.round = this.fireDue()
        .then(async (fired) => (fired === this.options.batchSize || this.dueDuringRound ? 0 : await this.untilNextDue()))
        .then(
          (delay) => this.schedule(delay),
          (error: unknown) => {
            this.logger.warn(`Due timers could not be read; retrying in ${this.options.pollMs} ms: ${describeError(error)}`);
            this.schedule(this.options.pollMs);
          },
        );
    }, delayMs);
    this.timer.unref();
  }

  /** How long to sleep: until the next timer is due (at most idlePollMs); pollMs when one is due but could not be claimed. */
  private async untilNextDue(): Promise<number> {
    const next = await nextTimerDueInMs(this.dataSource, this.tables, this.reactor.name);
    if (next === undefined) return this.options.idlePollMs;
    return next <= 0 ? this.options.pollMs : Math.min(next, this.options.idlePollMs);
  }

  private async fire(timer: ClaimedTimer): Promise<boolean> {
    const step = this.reactor.timers.get(timer.kind);
    try {
      if (!step) throw new Error(`no timer step for kind '${timer.kind}'`);
      await step.run.fire(timerContext(timer, step.name, this.reactor.namespace));
      await removeFiredTimer(this.dataSource, this.tables, this.reactor.name, timer);
      return true;
    } catch (error) {
      const message = describeError(error);
      this.logger.warn(`Timer ${timer.kind}/${timer.key} failed; it fires again later: ${message}`);
      await deferTimer(this.dataSource, this.tables, this.reactor.name, timer, Math.min(30_000, this.options.pollMs * 5), message).catch(() => undefined);
      return false;
    }
  }
}
