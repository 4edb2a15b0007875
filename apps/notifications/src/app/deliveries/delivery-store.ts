import type { DataSource, EntityManager } from 'typeorm';
import type { RecordedEvent } from '@chronicle/event-store';
import { DELIVERIES_NOTIFY, DELIVERIES_TABLE } from './deliveries.schema';
import type { ChannelName, Delivery, DeliveryDraft, DeliverySkip, DeliveryStatus } from './delivery';

interface DeliveryRow {
  handler: string;
  event_id: string;
  channel: ChannelName;
  recipient: string;
  message: Delivery['message'];
  attempts: number;
}

const toDelivery = (r: DeliveryRow): Delivery => ({
  handler: r.handler,
  eventId: r.event_id,
  channel: r.channel,
  recipient: r.recipient,
  message: r.message,
  attempts: r.attempts,
});

/**
 * Records a handler's effect for an event IN the projection's batch transaction: it commits with
 * the checkpoint or not at all, and a replayed event finds its row and records nothing new.
 */
export async function recordDelivery(manager: EntityManager, handler: string, event: RecordedEvent, draft: DeliveryDraft | DeliverySkip): Promise<void> {
  const skipped = 'skipped' in draft;
  await manager.query(
    `INSERT INTO ${DELIVERIES_TABLE} (handler, event_id, event_type, event_position, channel, recipient, message, status, last_error)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9) ON CONFLICT (handler, event_id) DO NOTHING`,
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
      `SELECT handler, event_id, channel, recipient, message, attempts FROM ${DELIVERIES_TABLE}
       WHERE channel = $1 AND status = 'pending' AND next_attempt_at <= now()
       ORDER BY next_attempt_at, event_position LIMIT $2`,
      [channel, limit],
    );
    return rows.map(toDelivery);
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
