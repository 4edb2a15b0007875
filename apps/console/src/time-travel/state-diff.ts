import diff from 'microdiff';
import type { JsonValue } from '../api/types';

export interface StateChange {
  /** `lines[0].quantity`, or `(state)` when the whole value changed (e.g. from null). */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: JsonValue;
  after?: JsonValue;
}

const isContainer = (value: JsonValue | null | undefined): value is JsonValue[] | { [key: string]: JsonValue } => typeof value === 'object' && value !== null;

function pathOf(parts: ReadonlyArray<string | number>): string {
  if (parts.length === 0) return '(state)';
  return parts.reduce<string>((path, part) => (typeof part === 'number' ? `${path}[${part}]` : /^[A-Za-z_$][\w$]*$/.test(part) ? (path ? `${path}.${part}` : part) : `${path}[${JSON.stringify(part)}]`), '');
}

/** What one event changed in the folded state: a change per leaf path, in microdiff's order. */
export function diffStates(before: JsonValue | null | undefined, after: JsonValue | null | undefined): StateChange[] {
  if (!isContainer(before) || !isContainer(after) || Array.isArray(before) !== Array.isArray(after)) {
    if (JSON.stringify(before ?? null) === JSON.stringify(after ?? null)) return [];
    if (before === null || before === undefined) return [{ path: '(state)', kind: 'added', after: after ?? null }];
    return [{ path: '(state)', kind: 'changed', before, after: after ?? null }];
  }
  return diff(before, after).map((change) => {
    const path = pathOf(change.path);
    if (change.type === 'CREATE') return { path, kind: 'added', after: change.value as JsonValue };
    if (change.type === 'REMOVE') return { path, kind: 'removed', before: change.oldValue as JsonValue };
    return { path, kind: 'changed', before: change.oldValue as JsonValue, after: change.value as JsonValue };
  });
}
