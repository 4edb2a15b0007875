import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { adminApi } from '../api/admin-api';
import { isApiError } from '../api/api-error';
import type { StoredEvent } from '../api/types';
import { formatTime } from '../ui/format';
import { JsonView } from '../ui/json-view';
import { Problem } from '../ui/problem';
import { links } from './links';

/** The cause of an event: another event, or (for the first event of a request) the command, which is no event. */
function Cause({ causationId }: { causationId: string }) {
  const cause = useQuery({
    queryKey: ['event', causationId],
    queryFn: () => adminApi.event(causationId).catch((error: unknown) => (isApiError(error) && error.status === 404 ? null : Promise.reject(error))),
  });
  if (cause.data) return <Link to={links.stream(cause.data.streamId, cause.data.revision)}>{`${cause.data.type} (${cause.data.streamId} #${cause.data.revision})`}</Link>;
  if (cause.data === null) return <span title="No event has this id: it is the command that wrote this event">command {causationId}</span>;
  return <Problem error={cause.error} />;
}

/** The events this one caused: same correlation, causationId = this event's id (from the correlation's timeline). */
function Effects({ event }: { event: StoredEvent }) {
  const { correlationId } = event;
  const saga = useQuery({ queryKey: ['saga', correlationId], queryFn: () => adminApi.saga(correlationId ?? ''), enabled: Boolean(correlationId) });
  if (!correlationId) return <p className="muted">This event has no correlation id.</p>;
  const effects = saga.data?.events.filter((other) => other.causationId === event.eventId) ?? [];
  return (
    <>
      <Problem error={saga.error} what="Effects" />
      {saga.data && effects.length === 0 && <p className="muted">It caused no other event.</p>}
      <ul aria-label="Events it caused">
        {effects.map((effect) => (
          <li key={effect.eventId}>
            <Link to={links.stream(effect.streamId, effect.revision)}>{`${effect.type} (${effect.streamId} #${effect.revision})`}</Link>
          </li>
        ))}
      </ul>
    </>
  );
}

export function EventDetail({ event }: { event: StoredEvent }) {
  return (
    <article aria-labelledby="event-title">
      <h2 id="event-title">
        {event.type} <span className="muted">v{event.schemaVersion}</span>
      </h2>
      <dl className="facts">
        <dt>Revision</dt>
        <dd>{event.revision}</dd>
        <dt>Position</dt>
        <dd>{event.position}</dd>
        <dt>Recorded</dt>
        <dd>{formatTime(event.recordedAt)}</dd>
        <dt>Event id</dt>
        <dd>
          <code>{event.eventId}</code>
        </dd>
        <dt>Correlation</dt>
        <dd>{event.correlationId ? <Link to={links.saga(event.correlationId)}>{`Saga ${event.correlationId}`}</Link> : '—'}</dd>
        <dt>Caused by</dt>
        <dd>{event.causationId ? <Cause causationId={event.causationId} /> : '—'}</dd>
        <dt>State</dt>
        <dd>
          <Link to={links.state(event.streamId, event.revision)}>The stream’s state at revision {event.revision}</Link>
        </dd>
      </dl>
      <h3>Caused</h3>
      <Effects event={event} />
      <div className="columns">
        <div>
          <h3>Data</h3>
          <JsonView value={event.data} label="Event data" />
        </div>
        <div>
          <h3>Metadata</h3>
          <JsonView value={event.metadata} label="Event metadata" />
        </div>
      </div>
    </article>
  );
}
