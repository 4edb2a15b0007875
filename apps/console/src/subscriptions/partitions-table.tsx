import type { Partition } from '../api/types';
import { formatDuration, formatNumber } from '../ui/format';
import { StateBadge } from '../ui/state-badge';

export function PartitionsTable({ partitions }: { partitions: readonly Partition[] }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Partition</th>
          <th scope="col">Owner</th>
          <th scope="col">State</th>
          <th scope="col" className="num">
            Position
          </th>
          <th scope="col" className="num">
            Lag
          </th>
          <th scope="col" className="num">
            Dead letters
          </th>
          <th scope="col">Last error</th>
        </tr>
      </thead>
      <tbody>
        {partitions.map((p) => (
          <tr key={p.partition}>
            <th scope="row">{p.partition}</th>
            <td>{p.owner}</td>
            <td>
              <StateBadge state={p.state} />
            </td>
            <td className="num">
              <code>{p.position}</code>
            </td>
            <td className="num">
              {formatNumber(p.lagEvents)} · {formatDuration(p.lagSeconds * 1000)}
            </td>
            <td className="num">{p.dlqDepth}</td>
            <td className="wrap">{p.lastError ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
