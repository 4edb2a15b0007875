import {
  BACKWARDS,
  END,
  ErrorType,
  FORWARDS,
  START,
  type AllStreamRecordedEvent,
  type EventStoreDBClient,
  type Position,
  type ReadRevision,
  type RecordedEvent as EsdbRecordedEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type { Direction, ReadAllOptions, ReadStreamOptions, RecordedEvent } from '../types';
import { assertValidStreamId } from '../validation';
import { esdbErrorType, toEventStoreError } from './eventstoredb-errors';
import { assertNonNegative, isSystemStream, matchesFilter, readLimit, toRecordedEvent } from './eventstoredb-mapping';

/** Events per read request: bounds what the server reads ahead of a consumer that stops early. */
const PAGE_SIZE = 512;

/** The port's readStream: system events and links are skipped, a missing or soft-deleted stream is empty. */
export async function* readStreamEvents(
  client: EventStoreDBClient,
  streamId: string,
  options: ReadStreamOptions,
): AsyncGenerator<RecordedEvent, void, undefined> {
  assertValidStreamId(streamId);
  const direction = options.direction ?? 'forwards';
  const limit = readLimit(options.maxCount, streamId);
  const fromRevision = options.fromRevision ?? (direction === 'backwards' ? 'end' : 'start');
  assertNonNegative(fromRevision, 'fromRevision', streamId);
  if (limit === 0) return;
  const from: ReadRevision = fromRevision === 'start' ? START : fromRevision === 'end' ? END : fromRevision;
  let count = 0;
  const pages = streamPages(client, 'readStream', streamId, from, direction, Math.min(limit, PAGE_SIZE));
  for await (const { event, commitPosition } of pages) {
    const recorded = event && mapEvent(event, commitPosition, 'readStream', streamId);
    if (!recorded) continue;
    yield recorded;
    if (++count >= limit) return;
  }
}

/**
 * The raw records of one stream from `from` on, a page at a time; a missing or soft-deleted stream
 * yields nothing. Skipped records (system events) count against the server's maxCount, so pages
 * go on until one comes back short rather than stopping at the caller's limit.
 */
export async function* streamPages(
  client: EventStoreDBClient,
  operation: string,
  streamId: string,
  from: ReadRevision,
  direction: Direction,
  pageSize: number,
): AsyncGenerator<ResolvedEvent, void, undefined> {
  let next: ReadRevision = from;
  for (;;) {
    const page = client.readStream(streamId, {
      fromRevision: next,
      direction: direction === 'backwards' ? BACKWARDS : FORWARDS,
      maxCount: pageSize,
    });
    let count = 0;
    let last: bigint | undefined;
    try {
      for await (const resolved of page) {
        count++;
        last = resolved.event?.revision ?? last;
        yield resolved;
      }
    } catch (error) {
      if (esdbErrorType(error) === ErrorType.STREAM_NOT_FOUND) return;
      throw toEventStoreError(error, operation, streamId);
    } finally {
      // Only a consumer that stopped early leaves the call open; cancel it so the server stops reading.
      if (!page.readableEnded) await page.cancel();
    }
    if (count < pageSize || last === undefined || (direction === 'backwards' && last === 0n)) return;
    next = direction === 'backwards' ? last - 1n : last + 1n;
  }
}

/**
 * The port's readAll: $all forwards, without system events and system streams. The client cannot
 * filter readAll (its filters are for subscriptions only), so the filter is applied here.
 */
export async function* readAllEvents(
  client: EventStoreDBClient,
  options: ReadAllOptions,
): AsyncGenerator<RecordedEvent, void, undefined> {
  const { fromPosition = 'start', filter } = options;
  const limit = readLimit(options.maxCount);
  assertNonNegative(fromPosition, 'fromPosition');
  if (limit === 0) return;
  let cursor: Position | undefined = typeof fromPosition === 'bigint' ? { commit: fromPosition, prepare: fromPosition } : undefined;
  let count = 0;
  for (;;) {
    const page = client.readAll({ fromPosition: cursor ?? START, direction: FORWARDS, maxCount: PAGE_SIZE });
    let read = 0;
    try {
      for await (const { event, commitPosition } of page) {
        read++;
        if (!event) continue;
        // A read from a position includes the event at it: skipping up to the cursor makes
        // `fromPosition` exclusive and keeps a page from repeating the previous page's last event.
        if (cursor && isAtOrBefore(event.position, cursor)) continue;
        cursor = event.position;
        const recorded = isVisibleInAll(event) ? mapEvent(event, commitPosition, 'readAll', undefined) : undefined;
        if (!recorded || !matchesFilter(recorded, filter)) continue;
        yield recorded;
        if (++count >= limit) return;
      }
    } catch (error) {
      throw toEventStoreError(error, 'readAll', undefined);
    } finally {
      if (!page.readableEnded) await page.cancel();
    }
    if (read < PAGE_SIZE) return;
  }
}

/** Commit position of the last event readAll would hand out, or 0n. */
export async function lastVisiblePosition(client: EventStoreDBClient): Promise<bigint> {
  // Backwards over system records (stats, projection checkpoints, metadata) until the first event
  // readAll would hand out; no maxCount, as there is no telling how many system records come first.
  const read = client.readAll({ direction: BACKWARDS, fromPosition: END });
  try {
    for await (const { event, commitPosition } of read) {
      const recorded = event && isVisibleInAll(event) ? mapEvent(event, commitPosition, 'headPosition', undefined) : undefined;
      if (recorded) return recorded.position;
    }
    return 0n;
  } catch (error) {
    throw toEventStoreError(error, 'headPosition', undefined);
  } finally {
    if (!read.readableEnded) await read.cancel();
  }
}

function isVisibleInAll(event: AllStreamRecordedEvent): boolean {
  return !isSystemStream(event.streamId);
}

/** Mapping fails only on a server too old to send positions; report it like any other driver problem. */
function mapEvent(
  event: EsdbRecordedEvent,
  commitPosition: bigint | undefined,
  operation: string,
  streamId: string | undefined,
): RecordedEvent | undefined {
  try {
    return toRecordedEvent(event, commitPosition);
  } catch (error) {
    throw toEventStoreError(error, operation, streamId);
  }
}

function isAtOrBefore(position: Position, cursor: Position): boolean {
  return position.commit < cursor.commit || (position.commit === cursor.commit && position.prepare <= cursor.prepare);
}
