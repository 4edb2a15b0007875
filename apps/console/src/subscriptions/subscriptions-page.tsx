import { useSubscriptions } from '../api/queries';
import { SubscriptionsTable } from '../overview/subscriptions-table';
import { Loading, Problem } from '../ui/problem';

/** /console/subscriptions: every projection and reaction of every service. */
export function SubscriptionsPage() {
  const { data, error, isPending } = useSubscriptions();
  return (
    <>
      <h1>Subscriptions</h1>
      <section className="card">
        {isPending && <Loading what="subscriptions" />}
        <Problem error={error} what="Subscriptions" />
        {data && <SubscriptionsTable subscriptions={data} />}
      </section>
    </>
  );
}
