import { Logger } from '@nestjs/common';
import { CircuitState, isBrokenCircuitError, isBulkheadRejectedError } from 'cockatiel';
import { SessionLease } from '@chronicle/messaging';
import { withEventSpan } from '@chronicle/observability';
import type { Client } from 'pg';
import type { Channel } from '../channels/channel';
import { isMessageRejected } from '../channels/channel.errors';
import { DELIVERIES_NOTIFY } from '../deliveries/deliveries.schema';
import { deliveryKey, type ChannelName, type Delivery } from '../deliveries/delivery';
import type { DeliveryStore } from '../deliveries/delivery-store';
import type { ChannelSettings } from '../notifications.config';
import { createChannelPolicy, refusedMessageDelay, type ChannelPolicy } from './channel-policy';

/** active: this process sends; standby: another process holds the channel; degraded: the breaker is not closed. */
export type ChannelState = 'active' | 'standby' | 'degraded' | 'stopped';

export interface ChannelStatus {
  channel: ChannelName;
  target: string;
  state: ChannelState;
  breaker: 'closed' | 'open' | 'half-open' | 'isolated';
  /** Since this process started. */
  sent: number;
  parked: number;
  lastError?: string;
}

type Outcome = 'sent' | 'charged' | 'waiting';

const BREAKER_STATES = { [CircuitState.Closed]: 'closed', [CircuitState.Open]: 'open', [CircuitState.HalfOpen]: 'half-open', [CircuitState.Isolated]: 'isolated' } as const;

/**
 * Sends one channel's pending deliveries. One process at a time holds the channel (a session
 * advisory lock on its own connection, lost with the process); it wakes on the projection's
 * NOTIFY or polls, and sends through the channel's cockatiel policy. While the breaker is open
 * only one probe goes out per poll and nothing is charged to the waiting messages.
 */
export class ChannelDispatcher {
  private readonly logger: Logger;
  private readonly policy: ChannelPolicy;
  /** Deliveries read per round: a few per bulkhead slot, queued in the bulkhead. */
  private readonly batchSize: number;
  /** One sender per channel across processes; its session also LISTENs for new deliveries. */
  private readonly lease: SessionLease;
  private client: Client | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** A NOTIFY came since the round began: do not sleep. */
  private woken = false;
  private sent = 0;
  private parked = 0;
  /** Sent, but the database was away when they were to be marked sent: recorded before anything else, never sent again. */
  private readonly unrecorded = new Map<string, Delivery>();
  private lastError: string | undefined;

  constructor(
    private readonly channel: Channel,
    private readonly store: DeliveryStore,
    private readonly settings: ChannelSettings,
    connectionString: string,
  ) {
    this.logger = new Logger(`Dispatcher:${channel.name}`);
    this.batchSize = settings.concurrency * 4;
    this.lease = new SessionLease(connectionString, 'chronicle-notifications', channel.name, settings.leaseIntervalMs);
    this.policy = createChannelPolicy(settings, this.batchSize);
    this.policy.breaker.onBreak((reason) => {
      const cause = 'error' in reason ? reason.error.message : 'isolated';
      this.logger.warn(`${channel.name} channel degraded (${channel.target}): deliveries wait. Cause: ${cause}`);
    });
    this.policy.breaker.onReset(() => this.logger.log(`${channel.name} channel is back (${channel.target}): delivering`));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp();
    await this.loop;
    await this.release();
    await this.channel.close();
  }

  status(): ChannelStatus {
    const breaker = BREAKER_STATES[this.policy.breaker.state];
    const state: ChannelState = !this.running ? 'stopped' : !this.client ? 'standby' : breaker === 'closed' ? 'active' : 'degraded';
    return { channel: this.channel.name, target: this.channel.target, state, breaker, sent: this.sent, parked: this.parked, ...(this.lastError ? { lastError: this.lastError } : {}) };
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (!this.client && !(await this.acquire())) {
          await this.sleep(this.settings.leaseIntervalMs);
          continue;
        }
        // A NOTIFY arriving from here on (during the round) cuts the next sleep short.
        this.woken = false;
        const { progressed, idleMs } = await this.round();
        if (!progressed) await this.sleep(idleMs);
      } catch (error) {
        this.logger.error(`${this.channel.name} dispatcher: ${(error as Error).message}`);
        await this.release();
        await this.sleep(this.settings.pollIntervalMs);
      }
    }
  }

  /** Takes the channel if nobody holds it; LISTENs for new deliveries on the same connection. */
  private async acquire(): Promise<boolean> {
    const client = await this.lease.tryAcquire();
    if (!client) return false;
    client.on('error', () => {
      if (this.client === client) void this.release();
    });
    client.on('notification', (n) => {
      if (n.payload === this.channel.name) this.wakeUp();
    });
    await client.query(`LISTEN ${DELIVERIES_NOTIFY}`);
    this.client = client;
    this.logger.log(`${this.channel.name} deliveries go to ${this.channel.target}`);
    return true;
  }

  private async release(): Promise<void> {
    this.client = undefined;
    await this.lease.release();
  }

  /**
   * One round: the due deliveries, sent concurrently (the bulkhead caps it). `progressed`: something
   * moved; otherwise `idleMs` is how long to sleep: until the next retry is due when nothing is
   * (capped by the idle poll), the poll interval while due deliveries wait (an open breaker).
   */
  private async round(): Promise<{ progressed: boolean; idleMs: number }> {
    const recorded = await this.recordUnrecorded();
    const probing = this.policy.breaker.state !== CircuitState.Closed;
    const due = (await this.store.due(this.channel.name, probing ? 1 : this.batchSize)).filter((d) => !this.unrecorded.has(deliveryKey(d)));
    if (due.length === 0) {
      if (recorded) return { progressed: true, idleMs: 0 };
      const next = await this.store.nextDueInMs(this.channel.name);
      // Due already, yet not read (being recorded): the poll interval, never a busy loop.
      const idleMs = next === undefined ? this.settings.idlePollMs : next === 0 ? this.settings.pollIntervalMs : Math.min(next, this.settings.idlePollMs);
      return { progressed: false, idleMs };
    }
    const outcomes = await Promise.all(due.map((d) => this.deliver(d)));
    return { progressed: outcomes.some((o) => o !== 'waiting'), idleMs: this.settings.pollIntervalMs };
  }

  /**
   * One delivery, in a `send <channel>` span continuing the trace of the event that decided it
   * (the projection stored its context with the row): an order's trace ends with its apology.
   */
  private deliver(delivery: Delivery): Promise<Outcome> {
    const event = { eventId: delivery.eventId, type: delivery.eventType, streamId: '', correlationId: delivery.correlationId, metadata: delivery.trace };
    const options = { subscriber: delivery.handler, operation: 'send' as const, destination: this.channel.name, extra: { 'chronicle.notification.target': this.channel.target } };
    return withEventSpan(event, options, async (span) => {
      const outcome = await this.attempt(delivery);
      span.setAttribute('chronicle.notification.outcome', outcome);
      return outcome;
    });
  }

  private attempt(delivery: Delivery): Promise<Outcome> {
    return this.policy.bulkhead
      .execute(async () => {
        try {
          await this.policy.send.execute(({ signal }) => this.channel.send(delivery, signal));
        } catch (error) {
          return this.failed(delivery, error);
        }
        this.sent++;
        // A crash before this commits means a resend with the same Message-ID / Idempotency-Key;
        // a database outage does not: the delivery waits here, sent, until it can be recorded.
        await this.store.markSent(delivery).catch((error: unknown) => {
          this.unrecorded.set(deliveryKey(delivery), delivery);
          throw error;
        });
        return 'sent' as const;
      })
      .catch((error: unknown) => this.failed(delivery, error));
  }

  /** Records the sends whose `sent` mark failed (the database was away); true when any was recorded. */
  private async recordUnrecorded(): Promise<boolean> {
    const pending = [...this.unrecorded.entries()];
    for (const [key, delivery] of pending) {
      await this.store.markSent(delivery);
      this.unrecorded.delete(key);
    }
    return pending.length > 0;
  }

  private async failed(delivery: Delivery, error: unknown): Promise<Outcome> {
    if (this.unrecorded.has(deliveryKey(delivery))) throw error;
    if (isBrokenCircuitError(error) || isBulkheadRejectedError(error)) return 'waiting';
    const message = error instanceof Error ? error.message : String(error);
    if (!isMessageRejected(error)) {
      this.lastError = message;
      await this.store.noteChannelError(delivery, message);
      return 'waiting';
    }
    const attempts = delivery.attempts + 1;
    if (attempts >= this.settings.maxAttempts) {
      await this.store.park(delivery, attempts, message);
      this.parked++;
      this.logger.warn(`Parked ${deliveryKey(delivery)} to ${delivery.recipient} after ${attempts} refusals: ${message}`);
    } else {
      await this.store.reschedule(delivery, attempts, message, refusedMessageDelay(attempts, this.settings));
    }
    return 'charged';
  }

  private wakeUp(): void {
    this.woken = true;
    this.wake?.();
  }

  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
