import type { ZodType } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';

// The library's generic signature sends the compiler into an endless instantiation; we need none of it.
const toJsonSchema = zodToJsonSchema as unknown as (schema: ZodType<unknown>, options: object) => unknown;
import type { DomainEvent } from './decider';
import { InvalidEventDataError, UnregisteredEventTypeError, UpcastError } from './errors';

/** Turns the data of version N into the data of version N + 1. Pure. */
export type Upcaster = (data: unknown) => unknown;

export interface EventRegistration<TType extends string = string, TData = unknown> {
  type: TType;
  /** Current version: what is written, and what readers get after upcasting. */
  schemaVersion: number;
  schema: ZodType<TData>;
  /** `upcasters[n]` turns version n into n + 1, for every n from 1 to schemaVersion - 1. */
  upcasters?: Readonly<Record<number, Upcaster>>;
  /** The bounded context / service that writes it (for the catalog). */
  producer: string;
  description?: string;
}

/** One entry of docs/events.catalog.json. */
export interface CatalogEntry {
  type: string;
  version: number;
  producer: string;
  description?: string;
  upcastsFrom: number[];
  schema: unknown;
}

/** Every event type with its current version, schema and upcaster chain. */
export class EventRegistry {
  private readonly registrations = new Map<string, EventRegistration>();

  constructor(registrations: Iterable<EventRegistration> = []) {
    for (const registration of registrations) this.register(registration);
  }

  register<TType extends string, TData>(registration: EventRegistration<TType, TData>): this {
    if (this.registrations.has(registration.type)) throw new Error(`Event type '${registration.type}' is registered twice`);
    this.registrations.set(registration.type, registration as EventRegistration);
    return this;
  }

  has(type: string): boolean {
    return this.registrations.has(type);
  }

  get(type: string): EventRegistration {
    const registration = this.registrations.get(type);
    if (!registration) throw new UnregisteredEventTypeError(type);
    return registration;
  }

  all(): EventRegistration[] {
    return [...this.registrations.values()];
  }

  /** Validates an event about to be written; returns its current schema version. */
  validateForWrite(event: DomainEvent): number {
    const registration = this.get(event.type);
    assertMatches(registration, registration.schemaVersion, event.data);
    return registration.schemaVersion;
  }

  /** Brings stored data of `fromVersion` to the current shape and validates it. */
  upcast(type: string, fromVersion: number, data: unknown): DomainEvent {
    const registration = this.get(type);
    if (fromVersion > registration.schemaVersion) {
      throw new UpcastError(type, fromVersion, `is newer than this service knows (v${registration.schemaVersion}); deploy the reader first`);
    }
    let current = data;
    for (let version = fromVersion; version < registration.schemaVersion; version++) {
      const upcaster = registration.upcasters?.[version];
      if (!upcaster) throw new UpcastError(type, version, `no upcaster to v${version + 1}`);
      current = upcaster(current);
    }
    return { type, data: assertMatches(registration, registration.schemaVersion, current) };
  }

  catalog(): CatalogEntry[] {
    return this.all()
      .map((r) => ({
        type: r.type,
        version: r.schemaVersion,
        producer: r.producer,
        ...(r.description ? { description: r.description } : {}),
        upcastsFrom: Object.keys(r.upcasters ?? {}).map(Number).sort((a, b) => a - b),
        schema: toJsonSchema(r.schema, { target: 'jsonSchema7', $refStrategy: 'none' }),
      }))
      .sort((a, b) => a.type.localeCompare(b.type));
  }
}

function assertMatches(registration: EventRegistration, version: number, data: unknown): unknown {
  const result = registration.schema.safeParse(data);
  if (!result.success) {
    throw new InvalidEventDataError(
      registration.type,
      version,
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  return result.data;
}

/**
 * What `npm run events:check` reports: holes in upcaster chains, bad versions, and event
 * types that producers emit or consumers handle but nobody registered.
 */
export function checkEventRegistry(registry: EventRegistry, usedTypes: Iterable<{ type: string; usedBy: string }> = []): string[] {
  const problems: string[] = [];
  for (const r of registry.all()) {
    if (!Number.isInteger(r.schemaVersion) || r.schemaVersion < 1) {
      problems.push(`${r.type}: schemaVersion ${r.schemaVersion} is not a positive integer`);
      continue;
    }
    for (let version = 1; version < r.schemaVersion; version++) {
      if (!r.upcasters?.[version]) problems.push(`${r.type}: upcaster chain has a hole: no upcaster from v${version} to v${version + 1}`);
    }
    for (const key of Object.keys(r.upcasters ?? {})) {
      const from = Number(key);
      if (!(from >= 1 && from < r.schemaVersion)) problems.push(`${r.type}: upcaster from v${key} is outside 1..${r.schemaVersion - 1}`);
    }
  }
  for (const { type, usedBy } of usedTypes) {
    if (!registry.has(type)) problems.push(`${type}: used by ${usedBy} but not registered`);
  }
  return problems;
}
