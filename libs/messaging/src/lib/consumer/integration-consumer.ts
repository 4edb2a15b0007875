import { withEventSpan } from '@chronicle/observability';
import { AckPolicy, DeliverPolicy, headers, nanos, type ConsumerMessages, type JsMsg, type NatsConnection } from 'nats';
import type { Pool, PoolClient } from 'pg';
import { Inbox } from './inbox';
import { MalformedIntegrationMessageError, toIntegrationEventMessage, type IntegrationEventMessage } from './integration-event-message';

export interface IntegrationConsumerOptions {
  nats: NatsConnection;
  /** The JetStream stream the relay publishes to. */
  stream: string;
  /** Durable consumer name; also this consumer's key in the inbox. */
  durable: string;
  /** e.g. `['chronicle.identity.>']`; more than one subject needs NATS >= 2.10. */
  filterSubjects: readonly string[];
  /** The service's PostgreSQL: the inbox row and the handler's writes commit in one transaction. */
  pool: Pool;
  /** Schema of the inbox table. Default `chronicle`. */
  schema?: string;
  /** Runs inside the transaction; throw to have the message redelivered. */
  handle: (event: IntegrationEventMessage, tx: PoolClient) => Promise<void>;
  /** Deliveries before a failing message goes to `deadLetterSubject`. Default 5. */
  maxDeliver?: number;
  /** Redelivery delay per failed attempt (the last one repeats). Default 200 ms, 1 s, 5 s. */
  backoffMs?: readonly number[];
  /** A subject some JetStream stream captures: failed messages are published there, then acked. */
  deadLetterSubject: string;
  /** How long JetStream waits for an ack before redelivering (a crashed handler). Default 30 s. */
  ackWaitMs?: number;
}

export interface IntegrationConsumerStats {
  handled: number;
  duplicates: number;
  retried: number;
  deadLettered: number;
}

/**
 * A durable JetStream consumer with manual ack and a PostgreSQL inbox: each event id is handled
 * once per consumer even when JetStream redelivers it, because the inbox row commits with the
 * handler's writes and the ack goes out only after that commit. In Nest, provide it with a
 * factory: it implements onApplicationBootstrap / beforeApplicationShutdown.
 */
export class IntegrationConsumer {
  readonly stats: IntegrationConsumerStats = { handled: 0, duplicates: 0, retried: 0, deadLettered: 0 };
  private readonly inbox: Inbox;
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: IntegrationConsumerOptions) {
    this.inbox = new Inbox(options.schema ?? 'chronicle', options.durable);
  }

  async start(): Promise<void> {
    const { nats, stream, durable, filterSubjects, ackWaitMs = 30_000 } = this.options;
    await this.inbox.migrate(this.options.pool);
    const jsm = await nats.jetstreamManager();
    // Redelivery is ours to schedule (nak with backoff) and to end (dead letter): no server max_deliver.
    await jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      // One subject as filter_subject: filter_subjects needs NATS 2.10 (Debian ships 2.9).
      ...(filterSubjects.length === 1 ? { filter_subject: filterSubjects[0] } : { filter_subjects: [...filterSubjects] }),
      ack_wait: nanos(ackWaitMs),
      max_ack_pending: 1000,
    });
    const consumer = await nats.jetstream().consumers.get(stream, durable);
    this.messages = await consumer.consume({ max_messages: 256 });
    const messages = this.messages;
    this.loop = (async () => {
      for await (const msg of messages) await this.process(msg);
    })();
  }

  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
  }

  onApplicationBootstrap(): Promise<void> {
    return this.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  private async process(msg: JsMsg): Promise<void> {
    let event: IntegrationEventMessage;
    try {
      event = toIntegrationEventMessage(msg);
    } catch (error) {
      return this.deadLetter(msg, error);
    }
    // The relay put the trace context of its publish on the message: the handling continues it.
    const traced = { eventId: event.eventId, type: event.type, streamId: msg.subject, correlationId: event.correlationId, metadata: traceHeadersOf(msg) };
    await withEventSpan(traced, { subscriber: this.options.durable, system: 'nats', destination: msg.subject }, () => this.handleOnce(msg, event));
  }

  private async handleOnce(msg: JsMsg, event: IntegrationEventMessage): Promise<void> {
    const tx = await this.options.pool.connect();
    try {
      await tx.query('BEGIN');
      if (await this.inbox.claim(tx, event.eventId)) {
        await this.options.handle(event, tx);
        await tx.query('COMMIT');
        this.stats.handled++;
      } else {
        await tx.query('ROLLBACK');
        this.stats.duplicates++;
      }
    } catch (error) {
      await tx.query('ROLLBACK').catch(() => undefined);
      return this.retryOrDeadLetter(msg, error);
    } finally {
      tx.release();
    }
    // After the commit: a crash before this ack means a redelivery, which the inbox drops.
    await msg.ackAck().catch(() => undefined);
  }

  private async retryOrDeadLetter(msg: JsMsg, error: unknown): Promise<void> {
    const { maxDeliver = 5, backoffMs = [200, 1000, 5000] } = this.options;
    const attempt = msg.info.redeliveryCount;
    if (attempt < maxDeliver) {
      this.stats.retried++;
      msg.nak(backoffMs[Math.min(attempt, backoffMs.length) - 1] ?? 0);
      return;
    }
    await this.deadLetter(msg, error);
  }

  private async deadLetter(msg: JsMsg, error: unknown): Promise<void> {
    const h = headers();
    for (const [key, values] of msg.headers ?? []) {
      // The dead letter gets its own Nats-Msg-Id (below).
      if (key !== 'Nats-Msg-Id') for (const value of values) h.append(key, value);
    }
    h.set('Chronicle-Dead-Letter-Reason', error instanceof Error ? error.message.slice(0, 1000) : String(error));
    h.set('Chronicle-Dead-Letter-Code', error instanceof MalformedIntegrationMessageError ? error.code : 'HANDLER_FAILED');
    h.set('Chronicle-Dead-Letter-Consumer', this.options.durable);
    h.set('Chronicle-Original-Subject', msg.subject);
    h.set('Chronicle-Deliveries', String(msg.info.redeliveryCount));
    const msgId = `${this.options.durable}:${msg.info.streamSequence}`;
    try {
      await this.options.nats.jetstream().publish(this.options.deadLetterSubject, msg.data, { msgID: msgId, headers: h });
    } catch {
      // Not parked: leave it to JetStream's ack-wait redelivery rather than lose it.
      msg.nak(this.options.backoffMs?.at(-1) ?? 5000);
      return;
    }
    this.stats.deadLettered++;
    msg.term('dead-lettered');
  }
}

/** The W3C trace headers of a message (the carrier withEventSpan continues). */
function traceHeadersOf(msg: JsMsg): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['traceparent', 'tracestate']) if (msg.headers?.has(name)) out[name] = msg.headers.get(name);
  return out;
}
