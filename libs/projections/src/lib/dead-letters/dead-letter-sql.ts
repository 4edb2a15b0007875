import type { RecordedEvent } from '@chronicle/event-store';
import type { QueryRunner } from 'typeorm';
import { encodeEvent } from '../store/event-codec';
import type { RuntimeTables } from '../store/runtime-schema';

export type DeadLetterStatus = 'failed' | 'held';

/** An event to park: the poison one ('failed', with its error) or one held behind it. */
export interface ParkedEvent {
  partition: number;
  /** What it holds back (or is held behind): see ProjectionOptions.holdKey. */
  holdKey: string;
  event: RecordedEvent;
  status: DeadLetterStatus;
  error?: string;
  attempts: number;
}

/** Inserts parked events in one statement (ids follow the positions). */
export async function insertDeadLetters(
  runner: QueryRunner,
  tables: RuntimeTables,
  projection: string,
  version: number,
  parked: readonly ParkedEvent[],
): Promise<void> {
  if (parked.length === 0) return;
  const rows = parked.map((p) => ({
    partition: p.partition,
    stream_id: p.event.streamId,
    hold_key: p.holdKey,
    position: p.event.position.toString(),
    event_id: p.event.eventId,
    event_type: p.event.type,
    event: encodeEvent(p.event),
    status: p.status,
    error: p.error ?? null,
    attempts: p.attempts,
  }));
  await runner.query(
    `INSERT INTO ${tables.deadLetters}
       (projection, version, partition, stream_id, hold_key, position, event_id, event_type, event, status, error, attempts)
     SELECT $1, $2, x.partition, x.stream_id, x.hold_key, x.position, x.event_id, x.event_type, x.event, x.status, x.error, x.attempts
       FROM jsonb_to_recordset($3::jsonb) AS x(partition int, stream_id text, hold_key text, position int8, event_id text,
            event_type text, event jsonb, status text, error text, attempts int)
      ORDER BY x.position`,
    [projection, version, JSON.stringify(rows)],
  );
}
