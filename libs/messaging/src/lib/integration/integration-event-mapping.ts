import type { JsonValue, RecordedEvent } from '@chronicle/event-store';
import { integrationHeaders } from './integration-headers';

/** How one domain event type is published; `publish` returning undefined publishes nothing for that occurrence. */
export interface IntegrationEventDefinition {
  /** Version of the published shape (independent of the domain event's). */
  readonly schemaVersion: number;
  /** Typed in each contracts lib for its own domain event; `never` here so every such function fits. */
  readonly publish: (data: never) => unknown;
}

/**
 * A bounded context's published language: which domain event types leave the context and in
 * what shape. Contracts libs declare it structurally (e.g. `identityIntegrationEvents`).
 */
export interface IntegrationEventMapping {
  readonly context: string;
  readonly events: { readonly [domainType: string]: IntegrationEventDefinition };
}

/** One message ready for JetStream. */
export interface IntegrationMessage {
  readonly subject: string;
  /** The domain event id: JetStream's `Nats-Msg-Id`, so a resend inside the duplicate window is dropped. */
  readonly msgId: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly payload: Uint8Array;
}

export type IntegrationEventMapper = (event: RecordedEvent) => IntegrationMessage | undefined;

const SUBJECT_TOKEN = /^[A-Za-z0-9_-]+$/;
const encoder = new TextEncoder();

/** `<prefix>.<context>.<EventType>`, e.g. `chronicle.identity.UserCreated`. */
export function integrationSubject(prefix: string, context: string, type: string): string {
  return `${prefix}.${context}.${type}`;
}

/** Every domain event type some mapping publishes: the relay's subscription filter. */
export function integrationEventTypes(mappings: readonly IntegrationEventMapping[]): string[] {
  return mappings.flatMap((m) => Object.keys(m.events));
}

/** Builds the domain -> published mapper; rejects ambiguous or unroutable mappings up front. */
export function createIntegrationEventMapper(mappings: readonly IntegrationEventMapping[], subjectPrefix: string): IntegrationEventMapper {
  const byType = new Map<string, { context: string; definition: IntegrationEventDefinition }>();
  for (const mapping of mappings) {
    if (!SUBJECT_TOKEN.test(mapping.context)) throw new Error(`Integration context "${mapping.context}" is not a valid subject token`);
    for (const [type, definition] of Object.entries(mapping.events)) {
      if (!SUBJECT_TOKEN.test(type)) throw new Error(`Integration event type "${type}" is not a valid subject token`);
      if (byType.has(type)) throw new Error(`Integration event type "${type}" is mapped twice`);
      byType.set(type, { context: mapping.context, definition });
    }
  }
  return (event) => {
    const entry = byType.get(event.type);
    if (!entry) return undefined;
    const published = (entry.definition.publish as (data: JsonValue) => unknown)(event.data);
    if (published === undefined) return undefined;
    return {
      subject: integrationSubject(subjectPrefix, entry.context, event.type),
      msgId: event.eventId,
      headers: integrationHeaders(event, entry.definition.schemaVersion),
      payload: encoder.encode(JSON.stringify(published)),
    };
  };
}
