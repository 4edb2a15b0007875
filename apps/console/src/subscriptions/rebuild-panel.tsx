import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { adminApi } from '../api/admin-api';
import { formatDuration, formatNumber, formatTime } from '../ui/format';
import { Problem } from '../ui/problem';
import { StateBadge } from '../ui/state-badge';

const running = (phase: string | undefined) => phase === 'catching-up' || phase === 'switching';

/** Rebuild a projection beside the live version, with its progress as it goes (polled while it runs). */
export function RebuildPanel({ name }: { name: string }) {
  const client = useQueryClient();
  const run = useQuery({
    queryKey: ['rebuild', name],
    queryFn: () => adminApi.lastRebuild(name),
    refetchInterval: (query) => (running(query.state.data?.phase) ? 500 : false),
  });
  const start = useMutation({
    mutationFn: () => adminApi.startRebuild(name),
    onSuccess: (started) => client.setQueryData(['rebuild', name], started),
  });
  const current = run.data;
  const percent = current && current.total > 0 ? Math.min(100, Math.round((current.processed / current.total) * 100)) : current?.phase === 'done' ? 100 : 0;
  return (
    <section className="card" aria-labelledby="rebuild-title">
      <h2 id="rebuild-title">Rebuild</h2>
      <p className="muted">Replays every event into a new version of the read model beside the live one, then switches to it at once.</p>
      <button type="button" className="primary" onClick={() => start.mutate()} disabled={start.isPending || running(current?.phase)}>
        Rebuild {name}
      </button>
      <Problem error={start.error} what="Rebuild" />
      <Problem error={run.error} what="Rebuild progress" />
      {current && (
        <div className="rebuild" aria-live="polite">
          <p>
            Version {String(current.version)} <StateBadge state={current.phase} /> started {formatTime(current.startedAt)}
          </p>
          <progress max={100} value={percent} aria-label="Rebuild progress">
            {percent}%
          </progress>
          <p className="muted" data-testid="rebuild-progress">
            {formatNumber(current.processed)} of {formatNumber(current.total)} events ({percent}%) · {current.eventsPerSecond.toFixed(0)} events/s
            {running(current.phase) && current.etaSeconds !== null ? ` · about ${formatDuration(current.etaSeconds * 1000)} left` : ''}
          </p>
          {current.error && <p className="error">{current.error}</p>}
        </div>
      )}
    </section>
  );
}
