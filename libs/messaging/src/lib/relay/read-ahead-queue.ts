/**
 * A bounded queue between a producer that reads (the store subscription) and a consumer that
 * publishes: the next page is read while the previous one is being published, and at most
 * `capacity` items wait in memory. Items come out in the order they went in.
 */
export class ReadAheadQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private closed = false;
  private failure: { error: unknown } | undefined;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;

  constructor(private readonly capacity: number) {}

  /** Waits while the queue is full; dropped once the queue is closed. */
  async push(item: T): Promise<void> {
    while (this.items.length >= this.capacity && !this.closed) await new Promise<void>((r) => (this.wakeProducer = r));
    if (this.closed) return;
    this.items.push(item);
    this.wake('consumer');
  }

  /** Ends the iteration after the queued items; with an error, the consumer throws it instead. */
  close(error?: unknown): void {
    if (error !== undefined && !this.failure) this.failure = { error };
    this.closed = true;
    this.wake('consumer');
    this.wake('producer');
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    try {
      for (;;) {
        if (this.failure) throw this.failure.error;
        const item = this.items.shift();
        if (item !== undefined) {
          this.wake('producer');
          yield item;
        } else if (this.closed) {
          return;
        } else {
          await new Promise<void>((r) => (this.wakeConsumer = r));
        }
      }
    } finally {
      // The consumer stopped (done, or threw): release a producer blocked on a full queue.
      this.close();
    }
  }

  private wake(side: 'consumer' | 'producer'): void {
    const wake = side === 'consumer' ? this.wakeConsumer : this.wakeProducer;
    if (side === 'consumer') this.wakeConsumer = undefined;
    else this.wakeProducer = undefined;
    wake?.();
  }
}
