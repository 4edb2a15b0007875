import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { adminApi } from '../api/admin-api';
import { formatTime } from '../ui/format';
import { Loading, Problem } from '../ui/problem';
import { EventDetail } from './event-detail';
import { links } from './links';

/** /console/streams/<streamId>: its events, oldest first; ?revision= opens one. */
export function StreamPage() {
  const streamId = useParams()['streamId'] ?? '';
  const [params, setParams] = useSearchParams();
  const chosen = params.get('revision');
  const events = useInfiniteQuery({
    queryKey: ['stream-events', streamId],
    queryFn: ({ pageParam }) => adminApi.events(streamId, { from: pageParam, direction: 'forwards' }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next,
  });
  const rows = events.data?.pages.flatMap((page) => page.events) ?? [];
  const selected = rows.find((event) => event.revision === chosen) ?? null;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={links.streams()}>Streams</Link> / <Link to={links.streams(streamId.split('-')[0])}>{streamId.split('-')[0]}</Link> /
      </nav>
      <h1>
        <code>{streamId}</code>
      </h1>
      <p>
        <Link to={links.state(streamId)}>Time travel through this stream’s state</Link>
      </p>
      <div className="split">
        <section aria-labelledby="events-title" className="card split__side split__side--wide">
          <h2 id="events-title">Events</h2>
          {events.isPending && <Loading what="events" />}
          <Problem error={events.error} what="Events" />
          <ol className="list" aria-label="Events of the stream">
            {rows.map((event) => (
              <li key={event.eventId}>
                <button
                  type="button"
                  className="list__item"
                  aria-pressed={event.revision === chosen}
                  onClick={() => setParams({ revision: event.revision })}
                >
                  <span className="list__title">
                    <span className="rev">#{event.revision}</span> {event.type}
                  </span>
                  <span className="muted">{formatTime(event.recordedAt)}</span>
                </button>
              </li>
            ))}
          </ol>
          {events.hasNextPage && (
            <button type="button" onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
              Later events
            </button>
          )}
        </section>
        <section aria-label="Event" className="card split__main">
          {selected ? <EventDetail event={selected} /> : <p className="muted">Choose an event to see its data, metadata and what it caused.</p>}
        </section>
      </div>
    </>
  );
}
