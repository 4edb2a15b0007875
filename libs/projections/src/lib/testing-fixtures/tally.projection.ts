/**
 * Test fixture: a projection that counts and sums `Tallied` events per stream, records how
 * often each event was applied (to prove none twice) and counts out-of-order applications.
 */
import type { EventStore, RecordedEvent } from '@chronicle/event-store';
import type { EntityManager } from 'typeorm';
import { defineProjection, type ProjectionDefinition } from '../core/projection';

export const TALLIED = 'Tallied';

export interface TallyHooks {
  /** Throw to make the handler fail on this event. */
  check?(event: RecordedEvent): void;
  /** Awaited before each batch (fast path): a test can block the handler here. */
  beforeBatch?(events: readonly RecordedEvent[]): Promise<void>;
}

export function createTallyProjection(name: string, partitions = 1, hooks: TallyHooks = {}): ProjectionDefinition {
  const apply = async (event: RecordedEvent, manager: EntityManager): Promise<void> => {
    hooks.check?.(event);
    const amount = (event.data as { amount: number }).amount;
    await manager.query(
      `INSERT INTO applied (event_id, times) VALUES ($1, 1) ON CONFLICT (event_id) DO UPDATE SET times = applied.times + 1`,
      [event.eventId],
    );
    await manager.query(
      `INSERT INTO tally AS t (stream_id, events, total, last_revision, out_of_order)
       VALUES ($1, 1, $2::bigint, $3::bigint, CASE WHEN $3::bigint = 0 THEN 0 ELSE 1 END)
       ON CONFLICT (stream_id) DO UPDATE SET events = t.events + 1, total = t.total + $2::bigint, last_revision = $3::bigint,
         out_of_order = t.out_of_order + CASE WHEN t.last_revision = $3::bigint - 1 THEN 0 ELSE 1 END`,
      [event.streamId, amount, event.revision.toString()],
    );
  };
  return defineProjection(
    { name, handles: [TALLIED], partitions },
    {
      async setup(manager) {
        await manager.query(`CREATE TABLE tally (stream_id text PRIMARY KEY, events int NOT NULL, total bigint NOT NULL,
          last_revision bigint NOT NULL, out_of_order int NOT NULL)`);
        await manager.query(`CREATE TABLE applied (event_id text PRIMARY KEY, times int NOT NULL)`);
      },
      apply,
      async applyBatch(events, manager) {
        await hooks.beforeBatch?.(events);
        for (const event of events) await apply(event, manager);
      },
    },
  );
}

export interface TallyRow {
  stream_id: string;
  events: number;
  total: string;
  last_revision: string;
}

/** The tally a from-scratch replay of the store gives, sorted by stream. */
export async function expectedTally(store: EventStore, skip: (e: RecordedEvent) => boolean = () => false): Promise<TallyRow[]> {
  const rows = new Map<string, TallyRow>();
  for await (const e of store.readAll({ filter: { eventTypes: [TALLIED] } })) {
    if (skip(e)) continue;
    const row = rows.get(e.streamId) ?? { stream_id: e.streamId, events: 0, total: '0', last_revision: '0' };
    row.events++;
    row.total = String(Number(row.total) + (e.data as { amount: number }).amount);
    row.last_revision = e.revision.toString();
    rows.set(e.streamId, row);
  }
  return [...rows.values()].sort((a, b) => a.stream_id.localeCompare(b.stream_id));
}

/** Reads the tally (in the manager's current search_path), sorted like expectedTally. */
export async function readTally(manager: EntityManager): Promise<TallyRow[]> {
  return manager.query(`SELECT stream_id, events, total::text, last_revision::text FROM tally ORDER BY stream_id COLLATE "C"`);
}

/** How many events were applied more than once, and how many were applied out of stream order. */
export async function tallyAnomalies(manager: EntityManager): Promise<{ duplicates: number; outOfOrder: number }> {
  const [row] = (await manager.query(
    `SELECT (SELECT count(*)::int FROM applied WHERE times > 1) AS duplicates,
            (SELECT coalesce(sum(out_of_order), 0)::int FROM tally) AS "outOfOrder"`,
  )) as { duplicates: number; outOfOrder: number }[];
  return row ?? { duplicates: -1, outOfOrder: -1 };
}

/** Appends `count` Tallied events (amount = index) round-robin over `streams` streams of `category`. */
export async function appendTallies(store: EventStore, category: string, streams: number, count: number, from = 0): Promise<bigint> {
  let last = 0n;
  for (let i = from; i < from + count; i++) {
    const result = await store.appendToStream(`${category}-${i % streams}`, [{ type: TALLIED, data: { amount: i } }]);
    last = result.position;
  }
  return last;
}
