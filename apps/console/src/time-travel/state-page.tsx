import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { adminApi } from '../api/admin-api';
import { links } from '../streams/links';
import { formatTime } from '../ui/format';
import { JsonView } from '../ui/json-view';
import { Loading, Problem } from '../ui/problem';
import { StateDiffView } from './state-diff-view';

/** /console/streams/<id>/state?revision=n: the folded state at any revision, and what its event changed. */
export function StatePage() {
  const streamId = useParams()['streamId'] ?? '';
  const [params, setParams] = useSearchParams();
  // The latest state says how many revisions there are.
  const latest = useQuery({ queryKey: ['state', streamId, 'latest'], queryFn: () => adminApi.state(streamId) });
  const last = latest.data ? Number(latest.data.revision) : null;
  const asked = params.get('revision');
  const revision = asked !== null && /^\d+$/.test(asked) ? Math.min(Number(asked), last ?? Number(asked)) : last;
  const at = useQuery({
    queryKey: ['state', streamId, revision],
    queryFn: () => adminApi.state(streamId, revision ?? 0),
    enabled: revision !== null,
    placeholderData: keepPreviousData,
  });
  const shown = at.data;
  const go = (next: number) => setParams({ revision: String(next) }, { replace: true });
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={links.streams()}>Streams</Link> / <Link to={links.stream(streamId)}>{streamId}</Link> /
      </nav>
      <h1>Time travel</h1>
      {latest.isPending && <Loading what="the stream's state" />}
      <Problem error={latest.error} what="State" />
      {last !== null && revision !== null && (
        <section className="card" aria-labelledby="slider-label">
          <div className="slider">
            <label id="slider-label" htmlFor="revision">
              Revision <strong>{revision}</strong> of {last}
            </label>
            <button type="button" onClick={() => go(Math.max(0, revision - 1))} disabled={revision === 0} aria-label="Previous revision">
              ◀
            </button>
            <input id="revision" type="range" min={0} max={last} step={1} value={revision} onChange={(e) => go(Number(e.target.value))} aria-valuetext={`revision ${revision} of ${last}`} />
            <button type="button" onClick={() => go(Math.min(last, revision + 1))} disabled={revision === last} aria-label="Next revision">
              ▶
            </button>
          </div>
          {shown && (
            <p className="muted" aria-live="polite">
              At revision {shown.revision}: <Link to={links.stream(streamId, shown.revision)}>{shown.event.type}</Link>, recorded {formatTime(shown.event.recordedAt)}
            </p>
          )}
        </section>
      )}
      <Problem error={at.error} what={`State at revision ${revision ?? ''}`} />
      {shown && (
        <div className="columns">
          <section className="card" aria-labelledby="changed-title">
            <h2 id="changed-title">What {shown.event.type} changed</h2>
            <StateDiffView before={shown.previousState} after={shown.state} />
          </section>
          <section className="card" aria-labelledby="state-title">
            <h2 id="state-title">State at revision {shown.revision}</h2>
            <JsonView value={shown.state} label={`State at revision ${shown.revision}`} />
          </section>
        </div>
      )}
    </>
  );
}
