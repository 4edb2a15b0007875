import { Link } from 'react-router';
import type { Subscription } from '../api/types';
import { formatDuration, formatNumber } from '../ui/format';
import { Sparkline } from '../ui/sparkline';
import { StateBadge } from '../ui/state-badge';
import { useLagHistory } from './lag-history';

/** Every projection and reaction: state, lag (with its recent line) and parked events. */
export function SubscriptionsTable({ subscriptions }: { subscriptions: readonly Subscription[] }) {
  const history = useLagHistory();
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Subscription</th>
          <th scope="col">Service</th>
          <th scope="col">Kind</th>
          <th scope="col">State</th>
          <th scope="col" className="num">
            Lag (events)
          </th>
          <th scope="col" className="num">
            Lag (time)
          </th>
          <th scope="col">Lag, last minutes</th>
          <th scope="col" className="num">
            Dead letters
          </th>
        </tr>
      </thead>
      <tbody>
        {subscriptions.map((subscription) => (
          <tr key={`${subscription.service}/${subscription.name}`}>
            <th scope="row">
              <Link to={`/subscriptions/${encodeURIComponent(subscription.name)}`}>{subscription.name}</Link>
            </th>
            <td>{subscription.service}</td>
            <td>{subscription.kind}</td>
            <td>
              <StateBadge state={subscription.state} />
            </td>
            <td className="num">{formatNumber(subscription.lagEvents)}</td>
            <td className="num">{formatDuration(subscription.lagSeconds * 1000)}</td>
            <td>
              <Sparkline values={history.of(subscription.name).map((sample) => sample.lagEvents)} label={`${subscription.name} lag in events`} />
            </td>
            <td className={`num ${subscription.dlqDepth > 0 ? 'bad-text' : ''}`}>{formatNumber(subscription.dlqDepth)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
