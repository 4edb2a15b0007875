import { useHealth } from '../api/queries';
import { Loading, Problem } from '../ui/problem';
import { StateBadge } from '../ui/state-badge';

/** Each check of the gateway's readiness (database, every service, admin bootstrap), up or down. */
export function ServicesPanel() {
  const { data, error, isPending } = useHealth();
  if (isPending) return <Loading what="services" />;
  if (!data) return <Problem error={error} what="Readiness" />;
  const checks = Object.entries(data.details ?? { ...data.info, ...data.error });
  return (
    <section aria-labelledby="services-title" className="card">
      <h2 id="services-title">
        Services <StateBadge state={data.status} />
      </h2>
      <ul className="services">
        {checks.map(([name, check]) => (
          <li key={name} className={`service service--${check.status}`}>
            <span className="service__dot" aria-hidden="true" />
            <span className="service__name">{name}</span>
            <StateBadge state={check.status} />
            {typeof check['message'] === 'string' && <span className="muted">{check['message']}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
