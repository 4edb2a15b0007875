import type { JsonValue } from '../api/types';
import { diffStates } from './state-diff';

const show = (value: JsonValue | undefined): string => (value === undefined ? '' : JSON.stringify(value));

/** The changes an event made to the state, one row per path: added, removed, or before → after. */
export function StateDiffView({ before, after }: { before: JsonValue | null | undefined; after: JsonValue | null | undefined }) {
  const changes = diffStates(before, after);
  if (changes.length === 0) return <p className="muted">This event changed nothing in the state.</p>;
  return (
    <table className="table diff" aria-label="What the event changed">
      <thead>
        <tr>
          <th scope="col">Path</th>
          <th scope="col">Change</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={`${change.kind}:${change.path}`} className={`diff--${change.kind}`}>
            <th scope="row">
              <code>{change.path}</code>
            </th>
            <td>{change.kind}</td>
            <td>
              <code className="diff__before">{show(change.before)}</code>
            </td>
            <td>
              <code className="diff__after">{show(change.after)}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
