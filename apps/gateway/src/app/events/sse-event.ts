import type { JsonValue, RecordedEvent } from '@chronicle/event-store';

/** Fields never sent to clients, wherever they appear in event data. */
const SECRET_FIELDS = new Set(['passwordHash', 'password']);

function withoutSecrets(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([key]) => !SECRET_FIELDS.has(key)).map(([key, v]) => [key, withoutSecrets(v)]));
  }
  return value;
}

/** One Server-Sent Events frame: `id` is the global position, so `Last-Event-ID` resumes exactly after it. */
export function toSseFrame(event: RecordedEvent): string {
  const data = {
    streamId: event.streamId,
    revision: event.revision.toString(),
    type: event.type,
    data: withoutSecrets(event.data),
    recordedAt: event.recordedAt.toISOString(),
  };
  return `id: ${event.position}\nevent: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`;
}
