import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { adminApi } from '../api/admin-api';
import { links } from '../streams/links';
import { formatTime } from '../ui/format';
import { Loading, Problem } from '../ui/problem';
import { StateBadge } from '../ui/state-badge';

/** The subscription's parked events, each with retry and skip; retry all at once. */
export function DeadLetters({ name }: { name: string }) {
  const client = useQueryClient();
  const letters = useQuery({ queryKey: ['dead-letters', name], queryFn: () => adminApi.deadLetters(name), refetchInterval: 3_000 });
  const refresh = () => Promise.all([client.invalidateQueries({ queryKey: ['dead-letters', name] }), client.invalidateQueries({ queryKey: ['subscriptions'] })]);
  const act = useMutation({
    mutationFn: ({ action, id }: { action: 'retry' | 'skip' | 'retry-all'; id?: string }): Promise<object> =>
      action === 'retry-all' ? adminApi.retryAllDeadLetters(name) : action === 'retry' ? adminApi.retryDeadLetter(name, id ?? '') : adminApi.skipDeadLetter(name, id ?? ''),
    onSettled: refresh,
  });
  const rows = letters.data ?? [];
  return (
    <section className="card" aria-labelledby="dead-letters-title">
      <h2 id="dead-letters-title">
        Dead letters <span className="muted">({rows.length})</span>
      </h2>
      {letters.isPending && <Loading what="dead letters" />}
      <Problem error={letters.error} what="Dead letters" />
      <Problem error={act.error} what="The action failed" />
      {act.data && (
        <p role="status" className="muted">
          Done: {JSON.stringify(act.data)}
        </p>
      )}
      {rows.length === 0 && letters.data && <p className="muted">Nothing is parked.</p>}
      {rows.length > 1 && (
        <button type="button" onClick={() => act.mutate({ action: 'retry-all' })} disabled={act.isPending}>
          Retry all
        </button>
      )}
      <ul className="letters" aria-label="Parked events">
        {rows.map((letter) => (
          <li key={letter.id} className="letter">
            <div className="letter__head">
              <StateBadge state={letter.status} />
              <Link to={links.stream(letter.streamId, letter.event.revision)}>{`${letter.event.type} (${letter.streamId} #${letter.event.revision})`}</Link>
              <span className="muted">
                {letter.attempts} attempts · partition {letter.partition} · parked {formatTime(letter.createdAt)}
              </span>
            </div>
            {letter.error && <p className="letter__error">{letter.error}</p>}
            <div className="actions">
              <button type="button" onClick={() => act.mutate({ action: 'retry', id: letter.id })} disabled={act.isPending} aria-label={`Retry ${letter.event.type} of ${letter.streamId}`}>
                Retry
              </button>
              <button type="button" onClick={() => act.mutate({ action: 'skip', id: letter.id })} disabled={act.isPending} aria-label={`Skip ${letter.event.type} of ${letter.streamId}`}>
                Skip
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
