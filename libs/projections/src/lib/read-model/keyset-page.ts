import { ProjectionsError } from '../core/errors';

/** A page of a read model and the cursor of the next one (null on the last page). */
export interface KeysetPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** A cursor that no page of this read model gave out. Code VALIDATION_FAILED: the caller's to fix (a 400 at the edge). */
export class InvalidCursorError extends ProjectionsError {
  readonly code = 'VALIDATION_FAILED';
  readonly details = { fields: { cursor: ['invalid cursor'] } };
  constructor() {
    super('The cursor is not valid');
  }
}

/**
 * Keyset paging over a read model: the cursor is the sort key of a page's last row (opaque to
 * clients), and a page asks for one row more than it shows to know whether another follows.
 */
export const keysetPaging = {
  /** The sort key carried by `cursor` (`arity` strings), or null without one; throws InvalidCursorError for anything else. */
  decode(cursor: string | undefined, arity: number): string[] | null {
    if (cursor === undefined) return null;
    try {
      const value = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown;
      if (Array.isArray(value) && value.length === arity && value.every((v) => typeof v === 'string')) return value as string[];
    } catch {
      // not one of ours
    }
    throw new InvalidCursorError();
  },

  /** `rows` as read with LIMIT `limit + 1`: the page, and the cursor of the key of its last row when more follow. */
  page<TRow, TItem>(rows: readonly TRow[], limit: number, keyOf: (row: TRow) => readonly string[], toItem: (row: TRow) => TItem): KeysetPage<TItem> {
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const more = rows.length > limit && last !== undefined;
    return { items: page.map(toItem), nextCursor: more ? Buffer.from(JSON.stringify(keyOf(last))).toString('base64url') : null };
  },
};
