import { injectTraceContext, type TraceCarrier } from '@chronicle/observability';
import { v7 as uuidv7, validate as isUuid } from 'uuid';
import { EventValidationError } from './errors';
import type { EventData, JsonValue } from './types';

export const MAX_STREAM_ID_LENGTH = 255;
export const DEFAULT_MAX_EVENT_SIZE_BYTES = 1024 * 1024;
/** How deeply event data and metadata may nest: JSON.stringify and PostgreSQL's jsonb parser recurse. */
export const MAX_JSON_DEPTH = 128;
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

/**
 * NUL and lone UTF-16 surrogates: PostgreSQL text and jsonb cannot hold them (NUL is refused,
 * `\ud800` in JSON text is refused, and a lone surrogate sent as text turns into U+FFFD), and
 * neither survives UTF-8. Everything else JSON can say is stored as given.
 */
const LONE_SURROGATE = /\p{Cs}/u;

function unstorableIn(text: string): string | undefined {
  if (text.includes('\u0000')) return 'a NUL character';
  const surrogate = LONE_SURROGATE.exec(text)?.[0];
  return surrogate === undefined ? undefined : `a lone surrogate (U+${surrogate.charCodeAt(0).toString(16).toUpperCase()})`;
}

/** A name fit for an error message: what cannot be stored is shown escaped. */
const printable = (text: string): string =>
  text.replace(/\p{Cs}/gu, (c) => `\\u${c.charCodeAt(0).toString(16)}`).replaceAll('\u0000', '\\u0000');

export function assertValidStreamId(streamId: unknown): asserts streamId is string {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw new EventValidationError('Stream id must be a non-empty string');
  }
  if (streamId.length > MAX_STREAM_ID_LENGTH) {
    throw new EventValidationError(`Stream id is ${streamId.length} characters; the limit is ${MAX_STREAM_ID_LENGTH}`, streamId.slice(0, 64));
  }
  const unstorable = unstorableIn(streamId);
  if (unstorable) throw new EventValidationError(`Stream id must not contain ${unstorable}`, printable(streamId));
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
  // The trace of the work that appends (traceparent, tracestate) goes into each event's metadata,
  // so a subscriber anywhere, any time later, continues it. Nothing when nothing is traced.
  const traceContext = injectTraceContext();
  return events.map((event, index) => {
    const where = `event #${index} of the append to '${streamId}'`;
    const prepared = prepareEvent(event, where, streamId, maxEventSizeBytes, traceContext);
    if (ids.has(prepared.id)) throw new EventValidationError(`${where}: id ${prepared.id} appears twice in one append`, streamId);
    ids.add(prepared.id);
    return prepared;
  });
}

function prepareEvent(event: EventData, where: string, streamId: string, maxBytes: number, traceContext: TraceCarrier): PreparedEvent {
  if (event === null || typeof event !== 'object') throw new EventValidationError(`${where} is not an object`, streamId);
  if (typeof event.type !== 'string' || event.type.length === 0 || event.type.length > 255) {
    throw new EventValidationError(`${where}: type must be a string of 1 to 255 characters`, streamId);
  }
  const badType = unstorableIn(event.type);
  if (badType) throw new EventValidationError(`${where}: type holds ${badType}`, streamId);
  const id = event.id ?? uuidv7();
  if (typeof id !== 'string' || !isUuid(id)) throw new EventValidationError(`${where}: id '${String(id)}' is not a uuid`, streamId);
  const schemaVersion = event.schemaVersion ?? 1;
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > 32767) {
    throw new EventValidationError(`${where}: schemaVersion must be an integer from 1 to 32767`, streamId);
  }
  assertJson(event.data, `${where}: data`, streamId);
  // A trace context the caller set itself (a copy, a migration) is kept.
  const { correlationId, causationId, ...userMetadata } = { ...traceContext, ...event.metadata };
  assertJson(userMetadata, `${where}: metadata`, streamId);
  for (const [name, value] of [['correlationId', correlationId], ['causationId', causationId]] as const) {
    if (value !== undefined && (typeof value !== 'string' || value.length > 255 || unstorableIn(value))) {
      throw new EventValidationError(`${where}: metadata.${name} must be a string of at most 255 characters without NUL or lone surrogates`, streamId);
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

/** Stream metadata checked like event data (a JSON object) and serialised. */
export function prepareStreamMetadata(streamId: string, metadata: unknown, maxBytes: number): string {
  assertValidStreamId(streamId);
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new EventValidationError('Stream metadata must be a JSON object', streamId);
  }
  assertJson(metadata, 'stream metadata', streamId);
  const text = JSON.stringify(metadata);
  if (Buffer.byteLength(text) > maxBytes) throw new EventValidationError(`Stream metadata is over ${maxBytes} bytes`, streamId);
  return text;
}

type Visit = { value: unknown; path: string; depth: number } | { leave: object };

/**
 * Accepts exactly what survives a JSON round trip unchanged and PostgreSQL's jsonb can hold:
 * plain objects, arrays, strings (without NUL or lone surrogates), finite numbers, booleans,
 * null, at most MAX_JSON_DEPTH deep. Iterative, so no input can exhaust the stack here.
 */
function assertJson(root: unknown, rootPath: string, streamId: string): asserts root is JsonValue {
  const ancestors = new Set<object>();
  const stack: Visit[] = [{ value: root, path: rootPath, depth: 0 }];
  for (let visit = stack.pop(); visit !== undefined; visit = stack.pop()) {
    if ('leave' in visit) {
      ancestors.delete(visit.leave);
      continue;
    }
    const { value, path, depth } = visit;
    switch (typeof value) {
      case 'string': {
        const unstorable = unstorableIn(value);
        if (unstorable) throw new EventValidationError(`${path} holds ${unstorable}`, streamId);
        continue;
      }
      case 'boolean':
        continue;
      case 'number':
        if (!Number.isFinite(value)) throw new EventValidationError(`${path} is ${value}, which JSON cannot hold`, streamId);
        continue;
      case 'object': {
        if (value === null) continue;
        if (ancestors.has(value)) throw new EventValidationError(`${path} is circular`, streamId);
        if (depth >= MAX_JSON_DEPTH) throw new EventValidationError(`${path} nests deeper than ${MAX_JSON_DEPTH} levels`, streamId);
        const children = childrenOf(value, path, depth + 1, streamId);
        ancestors.add(value);
        // Children pushed in reverse, so the first bad one in document order is the one reported.
        stack.push({ leave: value }, ...children.reverse());
        continue;
      }
      default:
        throw new EventValidationError(`${path} is ${typeof value}, which is not JSON`, streamId);
    }
  }
}

function childrenOf(value: object, path: string, depth: number, streamId: string): Visit[] {
  if (Array.isArray(value)) return value.map((item: unknown, i) => ({ value: item, path: `${path}[${i}]`, depth }));
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const name = (proto as { constructor?: { name?: string } } | undefined)?.constructor?.name ?? 'class';
    throw new EventValidationError(`${path} is a ${name} instance, not plain JSON`, streamId);
  }
  const children: Visit[] = [];
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const unstorable = unstorableIn(key);
    if (unstorable) throw new EventValidationError(`${path} has a key with ${unstorable}`, streamId);
    // An undefined property is dropped by JSON, as everywhere in JavaScript.
    if (item !== undefined) children.push({ value: item, path: `${path}.${key}`, depth });
  }
  return children;
}

/** `user-123` -> `user`; a stream without a dash is its own category. */
export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
}

/** Checks a correlation id for `readByCorrelationId` and returns the row limit (1..10,000, default 1,000). */
export function correlationReadLimit(correlationId: unknown, maxCount = 1000): number {
  if (typeof correlationId !== 'string' || correlationId.length === 0 || correlationId.length > 128 || unstorableIn(correlationId)) {
    throw new EventValidationError('A correlation id must be a string of 1 to 128 characters without NUL or lone surrogates');
  }
  if (!Number.isInteger(maxCount) || maxCount < 1 || maxCount > 10_000) {
    throw new EventValidationError(`maxCount must be an integer from 1 to 10000, got ${String(maxCount)}`);
  }
  return maxCount;
}
