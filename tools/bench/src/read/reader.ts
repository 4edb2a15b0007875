import { Client } from 'pg';
import { createPostgresEventStore } from '@chronicle/event-store';
import { serveWorker } from '../lib/worker';

export type ReaderName = 'raw' | 'chronicle';

export interface ReaderInput {
  readonly reader: ReaderName;
  readonly connectionString: string;
  /** Schema of the Chronicle tables (`<schema>.events`). */
  readonly schema: string;
  /** Page size of the raw keyset reader. */
  readonly pageSize: number;
}

export interface ReaderResult {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSec: number;
  readonly rssBeforeMb: number;
  readonly peakRssMb: number;
  readonly peakHeapUsedMb: number;
}

const MB = 1024 * 1024;

/** What the raw reader turns each row into: the same shape as Chronicle's RecordedEvent. */
interface ParsedEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  revision: bigint;
  position: bigint;
  recordedAt: Date;
  data: unknown;
  metadata: unknown;
  correlationId?: string;
  causationId?: string;
}

interface Row {
  position: string;
  event_id: string;
  stream_id: string;
  revision: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: unknown;
  correlation_id: string | null;
  causation_id: string | null;
  recorded_at: Date;
}

function parse(row: Row): ParsedEvent {
  const event: ParsedEvent = {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    streamId: row.stream_id,
    revision: BigInt(row.revision),
    position: BigInt(row.position),
    recordedAt: row.recorded_at,
    data: row.data,
    metadata: row.metadata,
  };
  if (row.correlation_id !== null) event.correlationId = row.correlation_id;
  if (row.causation_id !== null) event.causationId = row.causation_id;
  return event;
}

/** The floor: one connection, keyset pagination over the events table, rows parsed. Returns the count. */
async function readRaw(input: ReaderInput, ready: () => void): Promise<number> {
  const client = new Client({ connectionString: input.connectionString });
  await client.connect();
  try {
    const sql = `SELECT * FROM ${input.schema}.events WHERE position > $1 ORDER BY position LIMIT ${input.pageSize}`;
    let after = '0';
    let count = 0;
    ready();
    for (;;) {
      const { rows } = await client.query<Row>(sql, [after]);
      let last: ParsedEvent | undefined;
      for (const row of rows) {
        last = parse(row);
        count++;
      }
      if (!last || rows.length < input.pageSize) return count;
      after = last.position.toString();
    }
  } finally {
    await client.end();
  }
}

/** Chronicle's public API: `for await` over readAll from the start. Returns the count. */
async function readChronicle(input: ReaderInput, ready: () => void): Promise<number> {
  const store = await createPostgresEventStore({ connectionString: input.connectionString, schema: input.schema });
  try {
    let count = 0;
    ready();
    for await (const _event of store.readAll({ fromPosition: 'start' })) count++;
    return count;
  } finally {
    await store.close();
  }
}

/** Reads everything once in this (fresh) process, sampling RSS every 50 ms. */
async function run(input: ReaderInput): Promise<ReaderResult> {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  let rssBefore = 0;
  let t0 = 0;
  let timer: NodeJS.Timeout | undefined;
  const ready = (): void => {
    rssBefore = process.memoryUsage().rss;
    sample();
    timer = setInterval(sample, 50);
    t0 = performance.now();
  };
  try {
    const events = await (input.reader === 'raw' ? readRaw(input, ready) : readChronicle(input, ready));
    const seconds = (performance.now() - t0) / 1000;
    sample();
    return {
      events,
      seconds,
      eventsPerSec: events / seconds,
      rssBeforeMb: rssBefore / MB,
      peakRssMb: peakRss / MB,
      peakHeapUsedMb: peakHeap / MB,
    };
  } finally {
    clearInterval(timer);
  }
}

serveWorker(run);
