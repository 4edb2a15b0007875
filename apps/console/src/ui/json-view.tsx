import type { JsonValue } from '../api/types';

/** A JSON value, pretty-printed in a scrollable, focusable block. */
export function JsonView({ value, label }: { value: JsonValue | undefined | null; label: string }) {
  return (
    // A region that scrolls must be reachable by keyboard to be read.
    <pre className="json" tabIndex={0} aria-label={label}>
      {JSON.stringify(value ?? null, null, 2)}
    </pre>
  );
}
