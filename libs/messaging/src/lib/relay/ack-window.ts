import type { PubAck } from 'nats';

interface Pending {
  position: bigint;
  ack: Promise<PubAck> | undefined;
}

/**
 * Publishes in flight, in store order. Acks are awaited oldest first, so `acked` is always a
 * position below which every event is in JetStream: the only position safe to checkpoint.
 */
export class AckWindow {
  private readonly pending: Pending[] = [];
  private head = 0;
  acked: bigint | undefined;
  published = 0;
  duplicates = 0;

  get size(): number {
    return this.pending.length - this.head;
  }

  /** `ack` undefined: an event the relay does not publish, settled as soon as those before it are. */
  push(position: bigint, ack?: Promise<PubAck>): void {
    // Rejections are awaited in order by settleOldest(); until then they must not count as unhandled.
    ack?.catch(() => undefined);
    this.pending.push({ position, ack });
  }

  /** Awaits the oldest publish; throws when JetStream refused it or did not answer in time. */
  async settleOldest(): Promise<void> {
    const oldest = this.pending[this.head];
    if (!oldest) return;
    if (oldest.ack) {
      const ack = await oldest.ack;
      this.published++;
      if (ack.duplicate) this.duplicates++;
    }
    this.head++;
    this.acked = oldest.position;
    if (this.head > 4096 && this.head * 2 > this.pending.length) {
      // Compact now and then rather than shift() per ack (O(n) each).
      this.pending.splice(0, this.head);
      this.head = 0;
    }
  }

  async drain(): Promise<void> {
    while (this.size > 0) await this.settleOldest();
  }
}
