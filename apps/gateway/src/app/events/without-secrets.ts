import type { JsonValue } from '@chronicle/event-store';

/** Fields never sent to clients, wherever they appear in event data. */
const SECRET_FIELDS = new Set(['passwordHash', 'password']);

/** Event data as clients may see it: password hashes removed at any depth. */
export function withoutSecrets(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([key]) => !SECRET_FIELDS.has(key)).map(([key, v]) => [key, withoutSecrets(v)]));
  }
  return value;
}
