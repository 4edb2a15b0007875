import type { EventStore, RecordedEvent } from '@chronicle/event-store';
import { injectTraceContext, markFailed, startEventSpan } from '@chronicle/observability';
import { Events, type NatsConnection, type PubAck } from 'nats';
import type { Pool } from 'pg';
import {
  createIntegrationEventMapper,
  integrationEventTypes,
  type IntegrationEventMapping,
  type IntegrationMessage,
} from '../integration/integration-event-mapping';
import { ensureIntegrationStream, type IntegrationStreamOptions } from '../integration/integration-stream';
import { AckWindow } from './ack-window';
import { JetStreamPublisher } from './jetstream-publisher';
import { ReadAheadQueue } from './read-ahead-queue';
import { RelayCheckpoints } from './relay-checkpoint';
import { SessionLease, sleep } from '../lease/session-lease';
import type { RelayState, RelayStatus } from './relay-status';

export interface EventRelayOptions {
  /** Names the lease and the checkpoint: relays with one name are replicas of one another. */
  name: string;
  store: EventStore;
  /** PostgreSQL of the store: the lease (a session of its own) and the checkpoint live there. */
  connectionString: string;
  /** The process's pool, for the checkpoint table's migration. */
  pool: Pool;
  /** Schema of the checkpoint table (the event store's by default: `chronicle`). */
  schema?: string;
  nats: NatsConnection;
  stream: IntegrationStreamOptions;
  mappings: readonly IntegrationEventMapping[];
  /** Checkpoint after this many acknowledged events (and whenever caught up). */
  batchSize: number;
  /** Publishes awaiting their JetStream ack at once. */
  maxInFlight: number;
  /** Events read ahead of the publishes (default 4000). */
  readAhead?: number;
  leaseIntervalMs: number;
  publishTimeoutMs: number;
  /** Pause after a failed round (NATS or PostgreSQL unavailable) before the next. */
  retryDelayMs: number;
  onStateChange?: (status: RelayStatus) => void;
}

/**
 * Follows the store from its checkpoint and publishes integration events to JetStream, at most
 * one replica at a time (advisory-lock lease). The checkpoint moves only past acknowledged
 * publishes; a resend after a crash carries the same `Nats-Msg-Id` and JetStream drops it.
 */
export class EventRelay {
  private readonly abort = new AbortController();
  private readonly lease: SessionLease;
  private readonly checkpoints: RelayCheckpoints;
  private readonly mapper;
  private readonly eventTypes: string[];
  private readonly publisher: JetStreamPublisher;
  private readonly current: RelayStatus;
  private running: Promise<void> | undefined;

  constructor(private readonly options: EventRelayOptions) {
    this.lease = new SessionLease(options.connectionString, 'chronicle-relay', options.name, options.leaseIntervalMs);
    this.checkpoints = new RelayCheckpoints(options.schema ?? 'chronicle');
    this.mapper = createIntegrationEventMapper(options.mappings, options.stream.subjectPrefix);
    this.eventTypes = integrationEventTypes(options.mappings);
    this.publisher = new JetStreamPublisher(options.nats);
    this.current = { name: options.name, state: 'starting', natsConnected: !options.nats.isClosed(), checkpoint: undefined, published: 0, duplicates: 0, lastError: undefined };
  }

  status(): RelayStatus {
    return { ...this.current };
  }

  /** Creates the checkpoint table, then runs in the background until stop(). */
  async start(): Promise<void> {
    await this.checkpoints.migrate(this.options.pool);
    void this.watchNats();
    this.running = this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
    await this.lease.release();
    this.publisher.close();
    this.setState('stopped');
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      if (!this.lease.held) this.setState('standby');
      const client = await this.lease.acquire(signal);
      if (!client) return;
      const round = new AbortController();
      const onAbort = (): void => round.abort();
      signal.addEventListener('abort', onAbort, { once: true });
      const unwatch = this.lease.watch(() => round.abort());
      try {
        await this.waitForNats(round.signal);
        await ensureIntegrationStream(await this.options.nats.jetstreamManager(), this.options.stream);
        this.setState('publishing');
        await this.publishFromCheckpoint(client, round.signal);
      } catch (error) {
        this.current.lastError = error instanceof Error ? error.message : String(error);
        this.setState(this.current.natsConnected ? 'retrying' : 'waiting-for-nats');
        await sleep(this.options.retryDelayMs, signal);
      } finally {
        unwatch();
        signal.removeEventListener('abort', onAbort);
      }
    }
  }

  private async publishFromCheckpoint(client: Parameters<RelayCheckpoints['save']>[0], signal: AbortSignal): Promise<void> {
    const { name, batchSize, maxInFlight, publishTimeoutMs } = this.options;
    const from = await this.checkpoints.load(client, name);
    this.current.checkpoint = from?.toString();
    const window = new AckWindow();
    let committed = from ?? -1n;
    const commit = async (position: bigint): Promise<void> => {
      if (position <= committed) return;
      await this.checkpoints.save(client, name, position);
      committed = position;
      this.current.checkpoint = position.toString();
      this.current.published += window.published;
      this.current.duplicates += window.duplicates;
      window.published = window.duplicates = 0;
    };
    // Reading runs ahead of publishing; a caught-up mark travels in the same queue, so the
    // checkpoint it carries is stored only once every event before it has been acknowledged.
    const queue = new ReadAheadQueue<RecordedEvent | { caughtUp: bigint }>(this.options.readAhead ?? 4000);
    const subscription = this.options.store.subscribeToAll({
      fromPosition: from ?? 'start',
      filter: { eventTypes: this.eventTypes },
      signal,
      onCaughtUp: (position) => queue.push({ caughtUp: position }),
    });
    const reading = (async () => {
      for await (const event of subscription) await queue.push(event);
    })().then(
      () => queue.close(),
      (error: unknown) => queue.close(error),
    );
    let sinceCommit = 0;
    try {
      for await (const item of queue) {
        if (signal.aborted) break; // stopped, or the lease is gone: not one more publish
        if ('caughtUp' in item) {
          await window.drain();
          await commit(item.caughtUp);
          continue;
        }
        const message = this.mapper(item);
        window.push(item.position, message && this.publishTraced(item, message, publishTimeoutMs));
        if (window.size >= maxInFlight) await window.settleOldest();
        if (++sinceCommit >= batchSize && window.acked !== undefined) {
          sinceCommit = 0;
          await commit(window.acked);
        }
      }
    } finally {
      await subscription.stop();
      await reading;
    }
    if (!this.abort.signal.aborted && signal.aborted) throw new Error('The relay lease was lost');
  }

  /**
   * Publishes in a `send <subject>` span continuing the event's stored trace, which the message
   * carries on (W3C `traceparent` / `tracestate` headers) to its consumers; the span ends with the ack.
   */
  private publishTraced(event: RecordedEvent, message: IntegrationMessage, timeoutMs: number): Promise<PubAck> {
    const { span, context } = startEventSpan(event, { subscriber: this.options.name, operation: 'send', system: 'nats', destination: message.subject });
    const ack = this.publisher.publish({ ...message, headers: { ...message.headers, ...injectTraceContext(context) } }, timeoutMs);
    ack.then(
      () => span.end(),
      (error: unknown) => {
        markFailed(span, error);
        span.end();
      },
    );
    return ack;
  }

  /** The integration event types this relay publishes (what its subscription reads). */
  get publishedTypes(): readonly string[] {
    return this.eventTypes;
  }

  private async waitForNats(signal: AbortSignal): Promise<void> {
    while (!this.current.natsConnected && !signal.aborted) {
      this.setState('waiting-for-nats');
      await sleep(100, signal);
    }
    if (signal.aborted) throw new Error('Stopped while waiting for NATS');
  }

  private async watchNats(): Promise<void> {
    for await (const status of this.options.nats.status()) {
      if (status.type !== Events.Disconnect && status.type !== Events.Reconnect) continue;
      this.current.natsConnected = status.type === Events.Reconnect;
      this.options.onStateChange?.(this.status());
    }
    this.current.natsConnected = false;
  }

  private setState(state: RelayState): void {
    if (this.current.state === state) return;
    this.current.state = state;
    this.options.onStateChange?.(this.status());
  }
}
