import { InvalidCursorError, keysetPaging } from './keyset-page';

describe('keyset paging', () => {
  const rows = ['a', 'b', 'c'].map((sku, i) => ({ sku, n: i }));

  it('shows `limit` rows and gives the cursor of the last when more follow; none on the last page', () => {
    const first = keysetPaging.page(rows, 2, (r) => [r.sku], (r) => r.n);
    expect(first.items).toEqual([0, 1]);
    expect(keysetPaging.decode(first.nextCursor ?? undefined, 1)).toEqual(['b']);
    expect(keysetPaging.page(rows, 3, (r) => [r.sku], (r) => r.n)).toEqual({ items: [0, 1, 2], nextCursor: null });
  });

  it('reads no cursor as the first page and refuses any cursor it did not give out', () => {
    expect(keysetPaging.decode(undefined, 2)).toBeNull();
    for (const bad of ['', 'not-base64!', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('["x"]').toString('base64url'), Buffer.from('[1,2]').toString('base64url')]) {
      expect(() => keysetPaging.decode(bad, 2)).toThrow(InvalidCursorError);
    }
    expect(new InvalidCursorError().code).toBe('VALIDATION_FAILED');
  });
});
