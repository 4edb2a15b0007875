import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { adminApi } from '../api/admin-api';
import { links } from '../streams/links';
import { formatTime } from '../ui/format';
import { Loading, Problem } from '../ui/problem';
import { useTail } from './use-tail';
import type { Category } from '../api/types';

function TailList({ categories, everything, paused }: { categories: Category[]; everything: boolean; paused: boolean }) {
  const tail = useTail(categories, everything, paused);
  return (
    <>
      <p className="muted" role="status">
        Feed: {tail.status}
        {tail.held > 0 && ` · ${tail.held} new events held while paused`}
      </p>
      {tail.events.length === 0 && <p className="muted">Waiting for events… (newest appear on top)</p>}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Recorded</th>
            <th scope="col">Type</th>
            <th scope="col">Stream</th>
            <th scope="col" className="num">
              Position
            </th>
          </tr>
        </thead>
        <tbody aria-live={paused ? 'off' : 'polite'} data-testid="tail-events">
          {tail.events.map((event) => (
            <tr key={event.position}>
              <td>{formatTime(event.recordedAt)}</td>
              <th scope="row">{event.type}</th>
              <td>
                <Link to={links.stream(event.streamId, event.revision)}>{`${event.streamId} #${event.revision}`}</Link>
              </td>
              <td className="num">
                <code>{event.position}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** /console/tail?category=: events as they are written, newest first, filtered by category, pausable. */
export function TailPage() {
  const [params, setParams] = useSearchParams();
  const [paused, setPaused] = useState(false);
  const chosen = params.get('category') ?? '';
  // The categories (and their last positions) when the page opened: the tail starts from there.
  const categories = useQuery({ queryKey: ['tail-categories', chosen], queryFn: adminApi.categories, staleTime: Infinity, gcTime: 0 });
  const followed = (categories.data ?? []).filter((c) => !chosen || c.category === chosen);
  return (
    <>
      <h1>Live tail</h1>
      <div className="toolbar">
        <label htmlFor="tail-category">Category</label>
        <select id="tail-category" value={chosen} onChange={(e) => setParams(e.target.value ? { category: e.target.value } : {})}>
          <option value="">All categories</option>
          {categories.data?.map((c) => (
            <option key={c.category} value={c.category}>
              {c.category}
            </option>
          ))}
        </select>
        <button type="button" aria-pressed={paused} onClick={() => setPaused(!paused)}>
          {paused ? 'Resume' : 'Pause'}
        </button>
      </div>
      {categories.isPending && <Loading what="categories" />}
      <Problem error={categories.error} what="Categories" />
      {categories.data && (
        <section className="card" aria-label="Events">
          <TailList key={chosen} categories={followed} everything={!chosen} paused={paused} />
        </section>
      )}
    </>
  );
}
