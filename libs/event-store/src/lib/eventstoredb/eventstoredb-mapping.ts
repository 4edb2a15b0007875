import {
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type EventData as EsdbEventData,
  type Filter,
  type JSONType,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import { EventValidationError } from '../errors';
import type { EventFilter, ExpectedRevision, JsonObject, JsonValue, RecordedEvent } from '../types';
import { categoryOf, type PreparedEvent } from '../validation';

/*
 * Event metadata as stored in EventStoreDB: one JSON object holding the free user metadata
 * plus these reserved keys (they win over user keys of the same name, and are removed on read):
 * - `$correlationId`, `$causationId`: the names ESDB's own tooling reads (e.g. the
 *   `$by_correlation_id` projection), so correlation works there too;
 * - `$schemaVersion`: in the `$` namespace as well, so it cannot clash with ordinary user keys.
 */
export const CORRELATION_ID_KEY = '$correlationId';
export const CAUSATION_ID_KEY = '$causationId';
export const SCHEMA_VERSION_KEY = '$schemaVersion';

/** Turns a validated event into what the client sends. */
export function toProposedEvent(prepared: PreparedEvent): EsdbEventData {
  const metadata = JSON.parse(prepared.metadata) as JsonObject;
  metadata[SCHEMA_VERSION_KEY] = prepared.schemaVersion;
  if (prepared.correlationId !== null) metadata[CORRELATION_ID_KEY] = prepared.correlationId;
  if (prepared.causationId !== null) metadata[CAUSATION_ID_KEY] = prepared.causationId;
  return {
    id: prepared.id,
    contentType: 'application/json',
    type: prepared.type,
    // Parsed from the validated JSON text, so nothing the caller mutates after the call leaks in.
    // The client JSON.stringify-s `data` and accepts any JSON value; only its type is narrower.
    data: JSON.parse(prepared.data) as JSONType,
    metadata,
  };
}

/**
 * Maps a stored event to the port's shape; undefined for records that are not ours to hand
 * out: system events and links (type `$...`) and non-JSON events written by other clients.
 */
export function toRecordedEvent(event: EsdbRecordedEvent, commitPosition: bigint | undefined): RecordedEvent | undefined {
  if (!event.isJson || event.type.startsWith('$')) return undefined;
  const position = event.position?.commit ?? commitPosition;
  if (position === undefined) {
    // Servers before 22.6 send no position on stream reads; a made-up one would corrupt checkpoints.
    throw new Error(`The server sent no position for event ${event.id}; EventStoreDB 22.6 or later is required`);
  }
  const {
    [SCHEMA_VERSION_KEY]: schemaVersion,
    [CORRELATION_ID_KEY]: correlationId,
    [CAUSATION_ID_KEY]: causationId,
    ...metadata
  } = isJsonObject(event.metadata) ? event.metadata : {};
  return {
    eventId: event.id,
    type: event.type,
    schemaVersion: typeof schemaVersion === 'number' && Number.isInteger(schemaVersion) ? schemaVersion : 1,
    streamId: event.streamId,
    revision: event.revision,
    position,
    recordedAt: event.created,
    ...(typeof correlationId === 'string' ? { correlationId } : {}),
    ...(typeof causationId === 'string' ? { causationId } : {}),
    // The client JSON.parse-d it (content type application/json), so it is a JSON value.
    data: event.data as JsonValue,
    metadata,
  };
}

/** Streams named `$...` belong to the server (stats, projections, metadata): never handed out by readAll. */
export function isSystemStream(streamId: string): boolean {
  return streamId.startsWith('$');
}

/** Empty lists are treated like absent ones: no constraint. */
export function matchesFilter(event: RecordedEvent, filter: EventFilter | undefined): boolean {
  if (filter?.eventTypes?.length && !filter.eventTypes.includes(event.type)) return false;
  if (filter?.categories?.length && !filter.categories.includes(categoryOf(event.streamId))) return false;
  return true;
}

/**
 * The server-side filter for a subscription: a superset of `filter` (prefixes, rechecked exactly
 * with matchesFilter), which spares sending most unwanted events. Prefixes rather than a regex,
 * so no escaping has to agree between JavaScript and the server's .NET regex dialect.
 */
export function toServerFilter(filter: EventFilter | undefined): Filter {
  if (filter?.eventTypes?.length) return eventTypeFilter({ prefixes: [...filter.eventTypes] });
  if (filter?.categories?.length) return streamNameFilter({ prefixes: [...filter.categories] });
  return excludeSystemEvents();
}

/** The client would send a negative revision as garbage; reject it like any other bad input. */
export function assertExpectedRevision(streamId: string, expected: ExpectedRevision): void {
  if (typeof expected === 'bigint' ? expected < 0n : !['any', 'no_stream', 'stream_exists'].includes(expected)) {
    throw new EventValidationError(`expectedRevision ${String(expected)} is not valid`, streamId);
  }
}

/** A read limit: a non-negative integer, or no limit. */
export function readLimit(maxCount: number | undefined, streamId?: string): number {
  if (maxCount === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isSafeInteger(maxCount) || maxCount < 0) {
    throw new EventValidationError(`maxCount must be a non-negative integer, got ${maxCount}`, streamId);
  }
  return maxCount;
}

export function assertNonNegative(value: bigint | string, name: string, streamId?: string): void {
  if (typeof value === 'bigint' && value < 0n) throw new EventValidationError(`${name} must not be negative`, streamId);
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
