import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { adminApi } from '../api/admin-api';
import { formatTime } from '../ui/format';
import { Loading, Problem } from '../ui/problem';
import { links } from './links';

/** A category's streams, most recently written first, a page at a time. */
export function CategoryStreams({ category }: { category: string }) {
  const streams = useInfiniteQuery({
    queryKey: ['streams', category],
    queryFn: ({ pageParam }) => adminApi.streams(category, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next,
  });
  const rows = streams.data?.pages.flatMap((page) => page.streams) ?? [];
  return (
    <>
      <h2 id="streams-title">
        Streams of <code>{category}</code>
      </h2>
      {streams.isPending && <Loading what="streams" />}
      <Problem error={streams.error} what="Streams" />
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Stream</th>
            <th scope="col" className="num">
              Revision
            </th>
            <th scope="col">Last written</th>
            <th scope="col">Time travel</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((stream) => (
            <tr key={stream.streamId}>
              <th scope="row">
                <Link to={links.stream(stream.streamId)}>{stream.streamId}</Link>
              </th>
              <td className="num">{stream.revision}</td>
              <td>{formatTime(stream.lastRecordedAt)}</td>
              <td>
                <Link to={links.state(stream.streamId)} aria-label={`Time travel through ${stream.streamId}`}>
                  State
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {streams.hasNextPage && (
        <button type="button" onClick={() => void streams.fetchNextPage()} disabled={streams.isFetchingNextPage}>
          Older streams
        </button>
      )}
    </>
  );
}
