import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { adminApi } from '../api/admin-api';
import { links } from '../streams/links';
import { formatTime } from '../ui/format';
import { JsonView } from '../ui/json-view';
import { Loading, Problem } from '../ui/problem';
import { SagaSearch } from './saga-search';
import { sagaOutcome } from './saga-outcome';
import { SwimlaneDiagram } from './swimlane-diagram';

/** /console/sagas/<correlationId>: one saga as swimlanes, its outcome and reason, and every step's data. */
export function SagaPage() {
  const correlationId = useParams()['correlationId'] ?? '';
  const saga = useQuery({ queryKey: ['saga', correlationId], queryFn: () => adminApi.saga(correlationId), refetchInterval: 5_000 });
  const events = saga.data?.events ?? [];
  const outcome = sagaOutcome(events);
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/sagas">Sagas</Link> /
      </nav>
      <h1>
        Saga <code>{correlationId}</code>
      </h1>
      <section className="card" aria-label="Find another saga">
        <SagaSearch />
      </section>
      {saga.isPending && <Loading what="the saga" />}
      <Problem error={saga.error} what="Saga" />
      {outcome && (
        <p className={`notice ${outcome.reason ? 'notice--bad' : 'notice--ok'}`} data-testid="saga-outcome">
          Ended with <strong>{outcome.type}</strong>
          {outcome.reason && (
            <>
              {' '}
              — reason: <strong>{outcome.reason}</strong>
            </>
          )}
        </p>
      )}
      {events.length > 0 && (
        <>
          <SwimlaneDiagram events={events} label={`Saga ${correlationId}`} />
          <section className="card" aria-labelledby="steps-title">
            <h2 id="steps-title">Steps</h2>
            <ol className="steps">
              {events.map((event) => (
                <li key={event.eventId}>
                  <details>
                    <summary>
                      <strong>{event.type}</strong> in <Link to={links.stream(event.streamId, event.revision)}>{event.streamId}</Link> #{event.revision}{' '}
                      <span className="muted">{formatTime(event.recordedAt)}</span>
                    </summary>
                    <JsonView value={event.data} label={`Data of ${event.type}`} />
                  </details>
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
    </>
  );
}
