/** "1.2 s", "3 min 4 s", "2 h 5 min": durations as an operator reads them. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const abs = Math.abs(ms);
  if (abs < 1_000) return `${Math.round(ms)} ms`;
  if (abs < 60_000) return `${(ms / 1_000).toFixed(abs < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(abs / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.round((abs % 60_000) / 1_000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2026-01-31 14:05:09` in the browser's time zone: sortable, and the same in every locale. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export const formatNumber = (value: number): string => new Intl.NumberFormat('en').format(value);

/** The category of a stream id: `order-0190...` → `order` (streams are `<category>-<id>`). */
export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
}

export const shortId = (id: string): string => (id.length > 13 ? `${id.slice(0, 8)}…` : id);
