import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { adminApi } from '../api/admin-api';
import { links } from '../streams/links';
import { formatDuration, formatTime } from '../ui/format';
import { Loading, Problem } from '../ui/problem';

/** Orders still PENDING after a minute, with the last step their saga reached. */
export function StuckSagas() {
  const stuck = useQuery({ queryKey: ['stuck-sagas'], queryFn: () => adminApi.stuckSagas(60), refetchInterval: 10_000 });
  return (
    <section className="card" aria-labelledby="stuck-title">
      <h2 id="stuck-title">Stuck sagas</h2>
      <p className="muted">Orders still pending after a minute.</p>
      {stuck.isPending && <Loading what="stuck sagas" />}
      <Problem error={stuck.error} what="Stuck sagas" />
      {stuck.data?.length === 0 && <p className="muted">None: every order settled.</p>}
      {stuck.data && stuck.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Placed</th>
              <th scope="col">Pending for</th>
              <th scope="col">Last step</th>
            </tr>
          </thead>
          <tbody>
            {stuck.data.map((saga) => (
              <tr key={saga.orderId}>
                <th scope="row">
                  <Link to={links.saga(saga.correlationId)}>{saga.orderId}</Link>
                </th>
                <td>{formatTime(saga.placedAt)}</td>
                <td>{formatDuration(saga.pendingSeconds * 1000)}</td>
                <td>{saga.lastEvent.type}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
