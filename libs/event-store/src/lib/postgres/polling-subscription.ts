import { EventStoreUnavailableError } from '../errors';
import type { Subscription } from '../event-store';
import type { CaughtUpInfo, RecordedEvent } from '../types';
import type { AppendedSummary, Notifier } from './notifier';

/** One page of $all, read below the safe horizon. */
export interface AllPage {
  events: RecordedEvent[];
  /** Everything below this position is final and was scanned (if the page was not full). */
  horizon: bigint;
  /** Committed events wait above the horizon: an older transaction is still open, look again soon. */
  pending: boolean;
  /** Not pending: the newest event of any type (below the horizon, then), -1 when the store is empty. */
  lastEventPosition?: bigint;
}

export interface PollingSubscriptionOptions {
  readPage(after: bigint): Promise<AllPage>;
  /** Exclusive start position. */
  start(): Promise<bigint>;
  notifier: Notifier;
  pageSize: number;
  /** Whether a wake-up naming these types / categories can concern this subscription (default: yes). */
  interested?: (appended: AppendedSummary) => boolean;
  /** Fallback poll when no notification arrives (or none that concerned it) and no LISTEN session is up. */
  idlePollMs: number;
  /** The same while the notifier's LISTEN session is up (notifications wake it; this catches a lost one). */
  listeningIdlePollMs: number;
  /**
   * Poll while committed events wait behind an open transaction: first after 1 ms, doubling up
   * to this (short transactions, the common case, release them within a few ms).
   */
  pendingPollMs: number;
  signal?: AbortSignal;
  maxReadRetries?: number;
  /** See SubscribeToAllOptions.onCaughtUp. */
  onCaughtUp?: (position: bigint, caughtUp?: CaughtUpInfo) => void | Promise<void>;
  /** Called once when the iteration ends, however it ends. */
  onEnd?: () => void;
}

/**
 * Catch-up then live subscription over $all. The next page is read only when the consumer
 * has taken the previous one, so a slow handler slows the reads instead of filling memory.
 */
export class PollingSubscription implements Subscription {
  private stopped = false;
  private woken = false;
  private wakeWaiter: (() => void) | undefined;
  private shortenSleep: ((ms: number) => void) | undefined;
  /** Appends its filter passed over arrived since the last read. */
  private passedOver = false;
  private started = false;

  constructor(private readonly options: PollingSubscriptionOptions) {
    options.signal?.addEventListener('abort', () => void this.stop(), { once: true });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.started) throw new Error('A subscription can be iterated once');
    this.started = true;
    return this.run();
  }

  private wake = (appended?: AppendedSummary): void => {
    if (appended && this.options.interested && !this.options.interested(appended)) {
      // Nothing to read for it, but the position it has caught up to moved (read-your-writes
      // waits on that): look within the short poll, not the long one.
      this.passedOver = true;
      this.shortenSleep?.(this.options.idlePollMs);
      return;
    }
    this.woken = true;
    const waiter = this.wakeWaiter;
    this.wakeWaiter = undefined;
    waiter?.();
  };

  private async *run(): AsyncGenerator<RecordedEvent> {
    const { notifier, pageSize } = this.options;
    const unsubscribe = notifier.onWake(this.wake);
    try {
      if (this.options.signal?.aborted) return;
      let cursor = await this.options.start();
      let reported = -1n;
      let pendingDelay = 1;
      while (!this.stopped) {
        this.woken = false;
        this.passedOver = false;
        const page = await this.readWithRetry(cursor);
        for (const event of page.events) {
          if (this.stopped) return;
          yield event;
          cursor = event.position;
        }
        if (page.events.length === pageSize) continue;
        // Caught up: nothing (matching) is left below the horizon, so skip what the filter passed over.
        if (page.horizon - 1n > cursor) cursor = page.horizon - 1n;
        if (cursor !== reported && this.options.onCaughtUp) {
          reported = cursor;
          await this.options.onCaughtUp(cursor, page.lastEventPosition === undefined ? {} : { lastEventPosition: page.lastEventPosition });
          if (this.stopped) return;
        }
        if (page.events.length > 0 || !page.pending) pendingDelay = 1;
        await this.sleep(page.pending ? pendingDelay : this.idleDelay());
        if (page.pending) pendingDelay = Math.min(pendingDelay * 2, this.options.pendingPollMs);
      }
    } finally {
      this.stopped = true;
      unsubscribe();
      this.options.onEnd?.();
    }
  }

  private async readWithRetry(cursor: bigint): Promise<AllPage> {
    const maxRetries = this.options.maxReadRetries ?? 5;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.options.readPage(cursor);
      } catch (error) {
        if (attempt >= maxRetries || this.stopped) throw new EventStoreUnavailableError('subscribeToAll', undefined, error);
        await this.sleep(Math.min(2000, 100 * 2 ** attempt));
      }
    }
  }

  /** The long poll only while notifications reach this process and nothing was passed over. */
  private idleDelay(): number {
    const { idlePollMs, listeningIdlePollMs, notifier } = this.options;
    return notifier.isListening && !this.passedOver ? listeningIdlePollMs : idlePollMs;
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      let deadline = performance.now() + ms;
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        clearTimeout(timer);
        this.wakeWaiter = undefined;
        this.shortenSleep = undefined;
        resolve();
      };
      timer = setTimeout(done, ms);
      this.wakeWaiter = done;
      this.shortenSleep = (shorter) => {
        if (performance.now() + shorter >= deadline) return;
        clearTimeout(timer);
        deadline = performance.now() + shorter;
        timer = setTimeout(done, shorter);
      };
    });
  }
}
