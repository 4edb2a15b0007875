import { Link, useParams } from 'react-router';
import { useSubscription } from '../api/queries';
import { useLagHistory } from '../overview/lag-history';
import { formatDuration, formatNumber } from '../ui/format';
import { Loading, Problem } from '../ui/problem';
import { StateBadge } from '../ui/state-badge';
import { DeadLetters } from './dead-letters';
import { LagChart } from './lag-chart';
import { PartitionsTable } from './partitions-table';
import { RebuildPanel } from './rebuild-panel';
import { ResetPanel } from './reset-panel';

/** /console/subscriptions/<name>: one projection or reaction, and what an operator can do to it. */
export function SubscriptionPage() {
  const name = useParams()['name'] ?? '';
  const { data, error, isPending, dataUpdatedAt } = useSubscription(name);
  const history = useLagHistory();
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/subscriptions">Subscriptions</Link> /
      </nav>
      <h1>
        {name} {data && <StateBadge state={data.state} />}
      </h1>
      {isPending && <Loading what="the subscription" />}
      <Problem error={error} what="Subscription" />
      {data && (
        <>
          <p className="muted">
            {data.kind} of {data.service}, version {String(data.version)} · lag {formatNumber(data.lagEvents)} events ({formatDuration(data.lagSeconds * 1000)}) · handles{' '}
            {data.handles.join(', ')}
          </p>
          <div className="columns">
            <section className="card" aria-labelledby="lag-title">
              <h2 id="lag-title">Lag</h2>
              <LagChart samples={history.of(name)} now={dataUpdatedAt} />
            </section>
            <section className="card" aria-labelledby="partitions-title">
              <h2 id="partitions-title">Partitions</h2>
              <PartitionsTable partitions={data.partitions} />
            </section>
          </div>
          <DeadLetters name={name} />
          <div className="columns">
            {data.kind === 'projection' ? (
              <RebuildPanel name={name} />
            ) : (
              <section className="card">
                <h2>Rebuild</h2>
                <p className="muted">A reactor sends commands: it is reset, not rebuilt.</p>
              </section>
            )}
            <ResetPanel name={name} />
          </div>
        </>
      )}
    </>
  );
}
