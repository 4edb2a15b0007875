/** A small line of recent values (lag, events/s), with its latest value for screen readers. */
export function Sparkline({ values, label, width = 120, height = 28 }: { values: readonly number[]; label: string; width?: number; height?: number }) {
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map((value, index) => `${(index * step).toFixed(1)},${(height - 2 - (value / max) * (height - 4)).toFixed(1)}`).join(' ');
  const last = values.at(-1);
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${label}: ${last ?? 'no samples yet'}`}>
      <line x1="0" x2={width} y1={height - 2} y2={height - 2} className="sparkline__base" />
      {values.length > 1 && <polyline points={points} className="sparkline__line" />}
      {last !== undefined && <circle cx={(values.length - 1) * step} cy={height - 2 - (last / max) * (height - 4)} r="2" className="sparkline__dot" />}
    </svg>
  );
}
