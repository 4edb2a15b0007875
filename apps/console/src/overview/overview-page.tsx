import { useQuery } from '@tanstack/react-query';
import { adminApi } from '../api/admin-api';
import { useSubscriptions } from '../api/queries';
import { formatNumber } from '../ui/format';
import { Loading, Problem } from '../ui/problem';
import { Sparkline } from '../ui/sparkline';
import { ServicesPanel } from './services-panel';
import { SubscriptionsTable } from './subscriptions-table';
import { useEventRate } from './use-event-rate';

function Stat({ label, value, children }: { label: string; value: string; children?: React.ReactNode }) {
  return (
    <div className="stat card">
      <span className="stat__label">{label}</span>
      <span className="stat__value">{value}</span>
      {children}
    </div>
  );
}

/** /console: is everything up, is anything behind or parked, how busy is the store. */
export function OverviewPage() {
  const subscriptions = useSubscriptions();
  const events = useEventRate();
  const notifications = useQuery({ queryKey: ['notification-counts'], queryFn: adminApi.notificationCounts, refetchInterval: 5_000 });
  const undelivered = notifications.data?.filter((c) => c.state === 'parked').reduce((sum, c) => sum + c.count, 0);
  const list = subscriptions.data ?? [];
  const parked = list.reduce((sum, s) => sum + s.dlqDepth, 0);
  const behind = list.filter((s) => s.state !== 'live').length;
  return (
    <>
      <h1>Overview</h1>
      <div className="stats">
        <Stat label="Events per second" value={events.rate === null ? '…' : events.rate.toFixed(1)}>
          <Sparkline values={events.samples} label="Events per second" width={160} />
        </Stat>
        <Stat label="Events stored" value={events.total === null ? '…' : formatNumber(events.total)} />
        <Stat label="Subscriptions not live" value={subscriptions.data ? String(behind) : '…'} />
        <Stat label="Dead letters" value={subscriptions.data ? formatNumber(parked) : '…'} />
        <Stat label="Notifications parked" value={undelivered === undefined ? (notifications.error ? '—' : '…') : formatNumber(undelivered)} />
      </div>
      <div className="overview">
        <ServicesPanel />
        <section aria-labelledby="subscriptions-title" className="card">
          <h2 id="subscriptions-title">Projections and reactions</h2>
          {subscriptions.isPending && <Loading what="subscriptions" />}
          <Problem error={subscriptions.error} what="Subscriptions" />
          {subscriptions.data && <SubscriptionsTable subscriptions={subscriptions.data} />}
        </section>
      </div>
    </>
  );
}
