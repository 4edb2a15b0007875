import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { describeError } from '../runner/apply-events';
import type { RuntimeTables } from '../store/runtime-schema';
import { timerContext } from './reaction-context';
import type { ReactorDefinition } from './reactor-definition';
import { claimDueTimers, deferTimer, removeFiredTimer, type ClaimedTimer } from './reactor-sql';

export interface TimerPollerOptions {
  pollMs: number;
  /** How long a claimed timer is this poller's before another may fire it (a poller that died). */
  claimMs: number;
  batchSize: number;
}

export const DEFAULT_TIMER_POLLING: TimerPollerOptions = { pollMs: 1_000, claimMs: 30_000, batchSize: 50 };

/**
 * Fires a reactor's due timers. A timer is claimed in one short statement (replicas skip what
 * another claimed), fired outside any transaction, then removed. A crash before the removal
 * fires it again once the claim expires; its command id is the same, so it takes effect once.
 */
export class TimerPoller {
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
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

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.fireDue().then(
        (fired) => this.schedule(fired === this.options.batchSize ? 0 : this.options.pollMs),
        (error: unknown) => {
          this.logger.warn(`Due timers could not be read; retrying in ${this.options.pollMs} ms: ${describeError(error)}`);
          this.schedule(this.options.pollMs);
        },
      );
    }, delayMs);
    this.timer.unref();
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
