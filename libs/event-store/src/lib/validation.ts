import { v7 as uuidv7, validate as isUuid } from 'uuid';
import { EventValidationError } from './errors';
import type { EventData, JsonObject, JsonValue } from './types';

export const MAX_STREAM_ID_LENGTH = 255;
export const DEFAULT_MAX_EVENT_SIZE_BYTES = 1024 * 1024;
/** One append may hold at most this many events (positions reserve 20 bits per transaction). */
export const MAX_EVENTS_PER_APPEND = 100_000;

/** An event checked and serialised once, ready for any adapter to write. */
export interface PreparedEvent {
  id: string;
  type: string;
  schemaVersion: number;
  /** JSON text of `data`. */
  data: string;
  /** JSON text of the free user metadata (correlation/causation split out). */
  metadata: string;
  correlationId: string | null;
  causationId: string | null;
}

export function assertValidStreamId(streamId: unknown): asserts streamId is string {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw new EventValidationError('Stream id must be a non-empty string');
  }
  if (streamId.length > MAX_STREAM_ID_LENGTH) {
    throw new EventValidationError(`Stream id is ${streamId.length} characters; the limit is ${MAX_STREAM_ID_LENGTH}`, streamId.slice(0, 64));
  }
  if (streamId.includes('\u0000')) {
    throw new EventValidationError('Stream id must not contain NUL characters', streamId);
  }
}

/** Checks every event and serialises it; throws EventValidationError on the first bad one. */
export function prepareEvents(streamId: string, events: readonly EventData[], maxEventSizeBytes: number): PreparedEvent[] {
  assertValidStreamId(streamId);
  if (!Array.isArray(events) || events.length === 0) {
    throw new EventValidationError('An append needs at least one event', streamId);
  }
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new EventValidationError(`An append may hold at most ${MAX_EVENTS_PER_APPEND} events`, streamId);
  }
  const ids = new Set<string>();
  return events.map((event, index) => {
    const where = `event #${index} of the append to '${streamId}'`;
    const prepared = prepareEvent(event, where, streamId, maxEventSizeBytes);
    if (ids.has(prepared.id)) throw new EventValidationError(`${where}: id ${prepared.id} appears twice in one append`, streamId);
    ids.add(prepared.id);
    return prepared;
  });
}

function prepareEvent(event: EventData, where: string, streamId: string, maxBytes: number): PreparedEvent {
  if (event === null || typeof event !== 'object') throw new EventValidationError(`${where} is not an object`, streamId);
  if (typeof event.type !== 'string' || event.type.length === 0 || event.type.length > 255) {
    throw new EventValidationError(`${where}: type must be a string of 1 to 255 characters`, streamId);
  }
  const id = event.id ?? uuidv7();
  if (typeof id !== 'string' || !isUuid(id)) throw new EventValidationError(`${where}: id '${String(id)}' is not a uuid`, streamId);
  const schemaVersion = event.schemaVersion ?? 1;
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > 32767) {
    throw new EventValidationError(`${where}: schemaVersion must be an integer from 1 to 32767`, streamId);
  }
  assertJson(event.data, `${where}: data`, streamId);
  const { correlationId, causationId, ...userMetadata } = event.metadata ?? {};
  assertJson(userMetadata, `${where}: metadata`, streamId);
  for (const [name, value] of [['correlationId', correlationId], ['causationId', causationId]] as const) {
    if (value !== undefined && (typeof value !== 'string' || value.length > 255)) {
      throw new EventValidationError(`${where}: metadata.${name} must be a string of at most 255 characters`, streamId);
    }
  }
  const data = JSON.stringify(event.data);
  const metadata = JSON.stringify(userMetadata);
  const size = Buffer.byteLength(data) + Buffer.byteLength(metadata);
  if (size > maxBytes) {
    throw new EventValidationError(`${where} is ${size} bytes; the limit is ${maxBytes}`, streamId);
  }
  return {
    id: id.toLowerCase(),
    type: event.type,
    schemaVersion,
    data,
    metadata,
    correlationId: (correlationId as string | undefined) ?? null,
    causationId: (causationId as string | undefined) ?? null,
  };
}

/**
 * Accepts exactly what survives a JSON round trip unchanged: plain objects, arrays,
 * strings (without NUL, which PostgreSQL's jsonb cannot hold), finite numbers, booleans, null.
 */
function assertJson(value: unknown, path: string, streamId: string, seen = new Set<unknown>()): asserts value is JsonValue {
  switch (typeof value) {
    case 'string':
      if (value.includes('\u0000')) throw new EventValidationError(`${path} holds a NUL character`, streamId);
      return;
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new EventValidationError(`${path} is ${value}, which JSON cannot hold`, streamId);
      return;
    case 'object': {
      if (value === null) return;
      if (seen.has(value)) throw new EventValidationError(`${path} is circular`, streamId);
      seen.add(value);
      if (Array.isArray(value)) {
        value.forEach((item, i) => assertJson(item, `${path}[${i}]`, streamId, seen));
      } else {
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) {
          throw new EventValidationError(`${path} is a ${proto?.constructor?.name ?? 'class'} instance, not plain JSON`, streamId);
        }
        for (const [key, item] of Object.entries(value as JsonObject)) {
          if (key.includes('\u0000')) throw new EventValidationError(`${path} has a key with a NUL character`, streamId);
          // An undefined property is dropped by JSON, as everywhere in JavaScript.
          if (item !== undefined) assertJson(item, `${path}.${key}`, streamId, seen);
        }
      }
      seen.delete(value);
      return;
    }
    default:
      throw new EventValidationError(`${path} is ${typeof value}, which is not JSON`, streamId);
  }
}

/** `user-123` -> `user`; a stream without a dash is its own category. */
export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
}

/** Checks a correlation id for `readByCorrelationId` and returns the row limit (1..10,000, default 1,000). */
export function correlationReadLimit(correlationId: unknown, maxCount = 1000): number {
  if (typeof correlationId !== 'string' || correlationId.length === 0 || correlationId.length > 128 || correlationId.includes('\u0000')) {
    throw new EventValidationError('A correlation id must be a string of 1 to 128 characters without NUL');
  }
  if (!Number.isInteger(maxCount) || maxCount < 1 || maxCount > 10_000) {
    throw new EventValidationError(`maxCount must be an integer from 1 to 10000, got ${String(maxCount)}`);
  }
  return maxCount;
}
