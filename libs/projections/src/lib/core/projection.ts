import { EventRegistry, type EventRegistration } from '@chronicle/event-sourcing';
import type { RecordedEvent } from '@chronicle/event-store';
import type { EntityManager } from 'typeorm';
import { ProjectionDefinitionError } from './errors';

/**
 * What a projection does. Every method gets the EntityManager of the batch transaction,
 * whose search_path is the schema of the version being written: use unqualified table names.
 */
export interface ProjectionHandler {
  /** Creates the read-model tables in the current (empty, versioned) schema. */
  setup(manager: EntityManager): Promise<void>;
  /** Applies one event. */
  apply(event: RecordedEvent, manager: EntityManager): Promise<void>;
  /**
   * Optional fast path: applies a whole batch (in position order) at once, e.g. as one
   * multi-row upsert. When it throws, the runner falls back to `apply` event by event to
   * find the poison event.
   */
  applyBatch?(events: readonly RecordedEvent[], manager: EntityManager): Promise<void>;
}

export interface ProjectionOptions {
  /** Stable name: lower-case letters, digits and `_`; it prefixes the read-model schemas. */
  name: string;
  /** The event types this projection handles; the subscription reads only these. */
  handles: readonly string[];
  /** Number of partitions (hash of the stream id); each is leased to one worker. Default 1. */
  partitions?: number;
  /**
   * What a parked (poison) event holds back: the later events with the same key wait behind it
   * in the dead-letter table until it is retried or skipped. Default: its stream id, which keeps
   * a read model's per-stream order. A reaction whose stream carries many independent entities
   * (one warehouse stream answering many orders) keys by the entity (the order id), so one bad
   * event does not stop the others. When the key function throws, the stream id is used.
   */
  holdKey?: (event: RecordedEvent) => string;
  /**
   * The registrations of the events it reads (the publishers' contracts). The handler then gets
   * every event in its current shape: upcast from the version it was stored in, and validated; an
   * event that does not decode is a poison event (retried, then parked), never half-applied.
   */
  events?: readonly EventRegistration[];
  /** What applying its events again does (said by a reset's dry run), when it is not just "the read model re-applies them". */
  replay?: string;
}

/** A registered projection: its options with defaults, and its handler. */
export interface ProjectionDefinition extends Required<Omit<ProjectionOptions, 'events'>> {
  handler: ProjectionHandler;
}

/** Hands the handler each event as `registry` reads it (data upcast and validated, schemaVersion current). */
function decodingThrough(registry: EventRegistry, handler: ProjectionHandler): ProjectionHandler {
  const decode = (event: RecordedEvent): RecordedEvent => {
    const { data } = registry.upcast(event.type, event.schemaVersion, event.data);
    return { ...event, data: data as RecordedEvent['data'], schemaVersion: registry.get(event.type).schemaVersion };
  };
  return {
    setup: (manager) => handler.setup(manager),
    apply: (event, manager) => handler.apply(decode(event), manager),
    ...(handler.applyBatch ? { applyBatch: (events, manager) => (handler.applyBatch as NonNullable<ProjectionHandler['applyBatch']>)(events.map(decode), manager) } : {}),
  };
}

/** The hold key of an event under `projection` (its stream id when the key function fails). */
export function holdKeyOf(projection: Pick<ProjectionDefinition, 'holdKey'>, event: RecordedEvent): string {
  try {
    const key = projection.holdKey(event);
    return typeof key === 'string' && key.length > 0 ? key : event.streamId;
  } catch {
    return event.streamId;
  }
}

const NAME = /^[a-z][a-z0-9_]{0,39}$/;

/** Validates options and fills defaults. */
export function defineProjection(options: ProjectionOptions, handler: ProjectionHandler): ProjectionDefinition {
  if (!NAME.test(options.name)) {
    throw new ProjectionDefinitionError(`Projection name '${options.name}' must match ${NAME.source}`);
  }
  if (options.handles.length === 0) {
    throw new ProjectionDefinitionError(`Projection '${options.name}' handles no event type`);
  }
  const partitions = options.partitions ?? 1;
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 1024) {
    throw new ProjectionDefinitionError(`Projection '${options.name}': partitions must be an integer in 1..1024`);
  }
  if (options.events) {
    const registered = new Set(options.events.map((e) => e.type));
    const unknown = options.handles.filter((type) => !registered.has(type));
    if (unknown.length) throw new ProjectionDefinitionError(`Projection '${options.name}' handles ${unknown.join(', ')} but has no registration for it`);
  }
  const decoding = options.events ? decodingThrough(new EventRegistry(options.events), handler) : handler;
  const replay = options.replay ?? 're-applies them to its read model: a handler that is not idempotent applies them twice (rebuild for a clean read model)';
  return { name: options.name, handles: [...options.handles], partitions, holdKey: options.holdKey ?? ((event) => event.streamId), replay, handler: decoding };
}

/** The schema holding version `version` of a projection's read model. */
export function versionSchema(projection: string, version: number): string {
  return `${projection}_v${version}`;
}

/** versionSchema as an SQL expression over two SQL expressions (a text and an integer), quoted as an identifier. */
export function versionSchemaSql(projection: string, version: string): string {
  return `quote_ident(${projection} || '_v' || ${version})`;
}
