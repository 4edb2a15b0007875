import type { EventStore, RecordedEvent, Subscription } from '@chronicle/event-store';

export interface BatchReaderOptions {
  store: EventStore;
  eventTypes: readonly string[];
  /** Exclusive start: the stored checkpoint. */
  from: bigint;
  /** Keeps only the events this reader's owner handles (its partitions); others only move the position. */
  accept: (event: RecordedEvent) => boolean;
  batchSize: number;
  maxWaitMs: number;
}

export interface ReadBatch {
  events: RecordedEvent[];
  /** Everything up to here was read (accepted or not): the checkpoint after this batch. */
  position: bigint;
  /** The subscription had read everything there was when the batch closed. */
  caughtUp: boolean;
  /**
   * Caught up, and the store said so: the newest event of any type up to `position` (-1: none).
   * At or below the stored checkpoint, nothing at all was appended since, only the horizon moved.
   */
  lastEventPosition?: bigint;
}

/**
 * Turns a catch-up subscription into batches: a batch closes when it holds batchSize events,
 * when maxWaitMs passed since its first event, or when the subscription reports it caught up
 * (then waiting longer only adds latency).
 */
export class BatchReader {
  private readonly subscription: Subscription;
  private readonly iterator: AsyncIterator<RecordedEvent>;
  private pending: Promise<IteratorResult<RecordedEvent>> | undefined;
  private caughtUpAt: bigint | undefined;
  private lastEventAt: bigint | undefined;
  private caughtUpSignal: (() => void) | undefined;
  private position: bigint;
  private ended = false;

  constructor(private readonly options: BatchReaderOptions) {
    this.position = options.from;
    this.subscription = options.store.subscribeToAll({
      fromPosition: options.from,
      filter: { eventTypes: options.eventTypes },
      onCaughtUp: (position, caughtUp) => {
        this.caughtUpAt = position;
        this.lastEventAt = caughtUp?.lastEventPosition;
        this.caughtUpSignal?.();
      },
    });
    this.iterator = this.subscription[Symbol.asyncIterator]();
  }

  /** The next batch, or undefined once the subscription ended (stop()). */
  async next(): Promise<ReadBatch | undefined> {
    const events: RecordedEvent[] = [];
    let deadline: Promise<'timeout'> | undefined;
    let timer: NodeJS.Timeout | undefined;
    let started = false;
    try {
      while (!this.ended) {
        if (this.caughtUpAt !== undefined) return this.close(events, true);
        // Armed before next(): a subscription may report caught-up synchronously inside it.
        const caughtUp = new Promise<'caught-up'>((resolve) => (this.caughtUpSignal = () => resolve('caught-up')));
        this.pending ??= this.iterator.next();
        const winner = await Promise.race([this.pending, caughtUp, ...(deadline ? [deadline] : [])]);
        this.caughtUpSignal = undefined;
        if (winner === 'timeout') return this.close(events, false);
        if (winner === 'caught-up') continue;
        this.pending = undefined;
        if (winner.done) {
          this.ended = true;
          break;
        }
        const event = winner.value;
        this.position = event.position;
        if (this.options.accept(event)) events.push(event);
        if (!started) {
          started = true;
          deadline = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), this.options.maxWaitMs)));
        }
        if (events.length >= this.options.batchSize) return this.close(events, false);
      }
      return undefined;
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    await this.subscription.stop();
    this.caughtUpSignal?.();
  }

  private close(events: RecordedEvent[], caughtUp: boolean): ReadBatch {
    if (caughtUp && this.caughtUpAt !== undefined && this.caughtUpAt > this.position) this.position = this.caughtUpAt;
    const lastEventPosition = caughtUp && this.caughtUpAt !== undefined ? this.lastEventAt : undefined;
    this.caughtUpAt = undefined;
    this.lastEventAt = undefined;
    // Read ahead while the caller applies this batch: the next page loads during the transaction.
    if (!this.pending && !this.ended) {
      this.pending = this.iterator.next();
      this.pending.catch(() => undefined); // handled when next() awaits it
    }
    return { events, position: this.position, caughtUp, ...(lastEventPosition === undefined ? {} : { lastEventPosition }) };
  }
}
