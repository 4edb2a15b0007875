import type { DataSource, EntityManager } from 'typeorm';
import type { RecordedEvent } from '@chronicle/event-store';
import { injectTraceContext } from '@chronicle/observability';
import { DELIVERIES_NOTIFY, DELIVERIES_TABLE } from './deliveries.schema';
import type { ChannelName, Delivery, DeliveryDraft, DeliverySkip, DeliveryStatus } from './delivery';

/** A delivery as operators see it (what the admin API lists). */
export interface DeliveryRecord {
  id: string;
  channel: string;
  handler: string;
  eventId: string;
  recipient: string;
  state: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

interface DeliveryRecordRow {
  handler: string;
  event_id: string;
  channel: string;
  recipient: string;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

interface DeliveryRow {
  handler: string;
  event_id: string;
  event_type: string;
  channel: ChannelName;
  recipient: string;
  message: Delivery['message'];
  attempts: number;
  traceparent: string | null;
  tracestate: string | null;
  correlation_id: string | null;
}

const toDelivery = (r: DeliveryRow): Delivery => ({
  handler: r.handler,
  eventId: r.event_id,
  eventType: r.event_type,
  channel: r.channel,
  recipient: r.recipient,
  message: r.message,
  attempts: r.attempts,
  trace: { ...(r.traceparent ? { traceparent: r.traceparent } : {}), ...(r.tracestate ? { tracestate: r.tracestate } : {}) },
  ...(r.correlation_id ? { correlationId: r.correlation_id } : {}),
});

/**
 * Records a handler's effect for an event IN the projection's batch transaction: it commits with
 * the checkpoint or not at all, and a replayed event finds its row and records nothing new.
 */
export async function recordDelivery(manager: EntityManager, handler: string, event: RecordedEvent, draft: DeliveryDraft | DeliverySkip): Promise<void> {
  const skipped = 'skipped' in draft;
  // The projection handles the event in a span continuing its trace: the send will continue this one.
  const trace = injectTraceContext();
  await manager.query(
    `INSERT INTO ${DELIVERIES_TABLE} (handler, event_id, event_type, event_position, channel, recipient, message, status, last_error,
       traceparent, tracestate, correlation_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11, $12) ON CONFLICT (handler, event_id) DO NOTHING`,
    [
      handler,
      event.eventId,
      event.type,
      event.position.toString(),
      draft.channel,
      skipped ? '' : draft.recipient,
      JSON.stringify(skipped ? {} : draft.message),
      skipped ? 'skipped' : 'pending',
      skipped ? draft.skipped : null,
      trace.traceparent ?? null,
      trace.tracestate ?? null,
      event.correlationId ?? null,
    ],
  );
  // Sent at commit; identical payloads of one transaction are folded into one.
  if (!skipped) await manager.query(`SELECT pg_notify($1, $2)`, [DELIVERIES_NOTIFY, draft.channel]);
}

export type DeliveryCounts = Record<ChannelName, Record<DeliveryStatus, number>>;

/** The dispatchers' reads and writes of the outbox. */
export class DeliveryStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Pending deliveries of a channel whose next attempt is due, oldest event first. */
  async due(channel: ChannelName, limit: number): Promise<Delivery[]> {
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT handler, event_id, event_type, channel, recipient, message, attempts, traceparent, tracestate, correlation_id FROM ${DELIVERIES_TABLE}
       WHERE channel = $1 AND status = 'pending' AND next_attempt_at <= now()
       ORDER BY next_attempt_at, event_position LIMIT $2`,
      [channel, limit],
    );
    return rows.map(toDelivery);
  }

  /** Milliseconds until the channel's next pending delivery is due (0 if one is), undefined when none is pending. */
  async nextDueInMs(channel: ChannelName): Promise<number | undefined> {
    const rows: { ms: number | null }[] = await this.dataSource.query(
      `SELECT (extract(epoch FROM min(next_attempt_at) - now()) * 1000)::float8 AS ms FROM ${DELIVERIES_TABLE}
       WHERE channel = $1 AND status = 'pending'`,
      [channel],
    );
    const ms = rows[0]?.ms;
    return ms === null || ms === undefined ? undefined : Math.max(0, Math.ceil(ms));
  }

  async markSent(d: Delivery): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${DELIVERIES_TABLE} SET status = 'sent', sent_at = now(), last_error = NULL WHERE handler = $1 AND event_id = $2 AND status = 'pending'`,
      [d.handler, d.eventId],
    );
  }

  /** The receiver refused the message: charge the attempt and try again after `delayMs`. */
  async reschedule(d: Delivery, attempts: number, error: string, delayMs: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${DELIVERIES_TABLE} SET attempts = $3, last_error = $4, next_attempt_at = now() + make_interval(secs => $5::double precision / 1000)
       WHERE handler = $1 AND event_id = $2 AND status = 'pending'`,
      [d.handler, d.eventId, attempts, error, delayMs],
    );
  }

  /** Dead letter: refused too often; it waits for an operator and the others go on. */
  async park(d: Delivery, attempts: number, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${DELIVERIES_TABLE} SET status = 'parked', attempts = $3, last_error = $4 WHERE handler = $1 AND event_id = $2 AND status = 'pending'`,
      [d.handler, d.eventId, attempts, error],
    );
  }

  /** The channel failed (not the message): remember why, charge nothing. */
  async noteChannelError(d: Delivery, error: string): Promise<void> {
    await this.dataSource.query(`UPDATE ${DELIVERIES_TABLE} SET last_error = $3 WHERE handler = $1 AND event_id = $2 AND status = 'pending'`, [
      d.handler,
      d.eventId,
      error,
    ]);
  }

  /** Deliveries as operators list them: those of `state` (default: the parked and pending ones), oldest first. */
  async list(filter: { channel?: string; state?: DeliveryStatus; limit?: number }): Promise<DeliveryRecord[]> {
    const rows: DeliveryRecordRow[] = await this.dataSource.query(
      `SELECT handler, event_id, channel, recipient, status, attempts, last_error, created_at, coalesce(sent_at, next_attempt_at) AS updated_at
         FROM ${DELIVERIES_TABLE}
        WHERE ($1::text IS NULL OR channel = $1) AND (CASE WHEN $2::text IS NULL THEN status IN ('parked', 'pending') ELSE status = $2 END)
        ORDER BY created_at LIMIT $3`,
      [filter.channel ?? null, filter.state ?? null, filter.limit ?? 200],
    );
    return rows.map((r) => ({
      id: `${r.event_id}.${r.handler}`,
      channel: r.channel,
      handler: r.handler,
      eventId: r.event_id,
      recipient: r.recipient,
      state: r.status,
      attempts: r.attempts,
      lastError: r.last_error,
      createdAt: new Date(r.created_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
    }));
  }

  /** A parked delivery back in line (retry) or given up (skip); undefined when it is not parked. */
  async resolveParked(eventId: string, handler: string, to: 'pending' | 'skipped'): Promise<DeliveryStatus | undefined> {
    const rows: { status: DeliveryStatus }[] = await this.dataSource.query(
      `UPDATE ${DELIVERIES_TABLE} SET status = $3, attempts = CASE WHEN $3 = 'pending' THEN 0 ELSE attempts END, next_attempt_at = now()
        WHERE event_id = $1 AND handler = $2 AND status = 'parked' RETURNING status`,
      [eventId, handler, to],
    );
    const updated = Array.isArray(rows[0]) ? (rows[0] as { status: DeliveryStatus }[])[0] : rows[0];
    if (updated && to === 'pending') await this.dataSource.query(`SELECT pg_notify($1, (SELECT channel FROM ${DELIVERIES_TABLE} WHERE event_id = $2 AND handler = $3))`, [DELIVERIES_NOTIFY, eventId, handler]);
    return updated?.status;
  }

  /** Puts parked deliveries of a channel back in line (operator action after fixing the cause). */
  async retryParked(channel: ChannelName): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(
      `WITH retried AS (UPDATE ${DELIVERIES_TABLE} SET status = 'pending', attempts = 0, next_attempt_at = now()
                        WHERE channel = $1 AND status = 'parked' RETURNING 1)
       SELECT count(*)::int AS n FROM retried`,
      [channel],
    );
    return rows[0]?.n ?? 0;
  }

  async counts(): Promise<DeliveryCounts> {
    const rows: { channel: ChannelName; status: DeliveryStatus; n: number }[] = await this.dataSource.query(
      `SELECT channel, status, count(*)::int AS n FROM ${DELIVERIES_TABLE} GROUP BY channel, status`,
    );
    const empty = (): Record<DeliveryStatus, number> => ({ pending: 0, sent: 0, parked: 0, skipped: 0 });
    const counts: DeliveryCounts = { email: empty(), chat: empty() };
    for (const r of rows) counts[r.channel][r.status] = r.n;
    return counts;
  }
}
