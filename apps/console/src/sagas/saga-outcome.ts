import type { JsonValue, SagaEvent } from '../api/types';

export interface SagaOutcome {
  /** The last event of the order's own stream, which says where the order stands. */
  type: string;
  reason: string | null;
}

const reasonOf = (data: JsonValue): string | null => {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const reason = data['reason'];
  return typeof reason === 'string' ? reason : null;
};

/** Where the saga ended: its last event, with the reason a rejection or an expiry gave (on it or the step before). */
export function sagaOutcome(events: readonly SagaEvent[]): SagaOutcome | null {
  const last = events.at(-1);
  if (!last) return null;
  const withReason = [...events].reverse().find((event) => reasonOf(event.data) !== null);
  return { type: last.type, reason: withReason ? reasonOf(withReason.data) : null };
}
