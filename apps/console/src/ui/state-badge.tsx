const TONE: Record<string, string> = {
  live: 'ok',
  up: 'ok',
  ok: 'ok',
  done: 'ok',
  CONFIRMED: 'ok',
  'catching-up': 'warn',
  switching: 'warn',
  PENDING: 'warn',
  held: 'warn',
  stalled: 'bad',
  failed: 'bad',
  down: 'bad',
  error: 'bad',
  REJECTED: 'bad',
  EXPIRED: 'bad',
  CANCELLED: 'neutral',
};

/** A state as a coloured word (the word is always there: colour is never the only signal). */
export function StateBadge({ state }: { state: string }) {
  return <span className={`badge badge--${TONE[state] ?? 'neutral'}`}>{state}</span>;
}
