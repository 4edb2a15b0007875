import { HISTORY_MS, type LagSample } from '../overview/lag-history';

const W = 560;
const H = 140;
const PAD = { left: 44, right: 8, top: 10, bottom: 22 };

/** Lag in events over the last minutes (sampled while the console is open), on a time axis ending now. */
export function LagChart({ samples, now }: { samples: readonly LagSample[]; now: number }) {
  const max = Math.max(1, ...samples.map((s) => s.lagEvents));
  const x = (at: number) => PAD.left + ((at - (now - HISTORY_MS)) / HISTORY_MS) * (W - PAD.left - PAD.right);
  const y = (lag: number) => H - PAD.bottom - (lag / max) * (H - PAD.top - PAD.bottom);
  const points = samples.map((s) => `${x(s.at).toFixed(1)},${y(s.lagEvents).toFixed(1)}`).join(' ');
  const last = samples.at(-1);
  const label = last ? `Lag over the last ${HISTORY_MS / 60_000} minutes: now ${last.lagEvents} events, at most ${max}` : 'No lag samples yet';
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      <line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} className="chart__axis" />
      <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={y(0)} className="chart__axis" />
      <text x={PAD.left - 6} y={y(max) + 4} className="chart__tick" textAnchor="end">
        {max}
      </text>
      <text x={PAD.left - 6} y={y(0) + 4} className="chart__tick" textAnchor="end">
        0
      </text>
      {[10, 5, 0].map((minutes) => (
        <text key={minutes} x={x(now - minutes * 60_000)} y={H - 6} className="chart__tick" textAnchor={minutes === 0 ? 'end' : minutes === 10 ? 'start' : 'middle'}>
          {minutes === 0 ? 'now' : `-${minutes} min`}
        </text>
      ))}
      {samples.length > 1 && <polyline points={points} className="chart__line" />}
      {last && <circle cx={x(last.at)} cy={y(last.lagEvents)} r="3" className="chart__dot" />}
    </svg>
  );
}
