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
}

/** A registered projection: its options with defaults, and its handler. */
export interface ProjectionDefinition extends Required<ProjectionOptions> {
  handler: ProjectionHandler;
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
  return { name: options.name, handles: [...options.handles], partitions, holdKey: options.holdKey ?? ((event) => event.streamId), handler };
}

/** The schema holding version `version` of a projection's read model. */
export function versionSchema(projection: string, version: number): string {
  return `${projection}_v${version}`;
}
