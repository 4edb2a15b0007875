import { diffStates } from './state-diff';

describe('diffStates', () => {
  it('lists what was added, removed and changed, by path', () => {
    const before = { status: 'PENDING', lines: [{ sku: 'a', quantity: 1 }], note: 'x' };
    const after = { status: 'CONFIRMED', lines: [{ sku: 'a', quantity: 2 }, { sku: 'b', quantity: 1 }] };
    expect(diffStates(before, after)).toEqual([
      { path: 'status', kind: 'changed', before: 'PENDING', after: 'CONFIRMED' },
      { path: 'lines[0].quantity', kind: 'changed', before: 1, after: 2 },
      { path: 'lines[1]', kind: 'added', after: { sku: 'b', quantity: 1 } },
      { path: 'note', kind: 'removed', before: 'x' },
    ]);
  });

  it('shows the first event as the whole state added (revision 0 has no previous state)', () => {
    expect(diffStates(null, { id: '1' })).toEqual([{ path: '(state)', kind: 'added', after: { id: '1' } }]);
  });

  it('is empty when the event changed nothing', () => {
    expect(diffStates({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
    expect(diffStates(null, null)).toEqual([]);
  });

  it('quotes keys that are no identifiers', () => {
    expect(diffStates({ items: { 'sku-1': 1 } }, { items: { 'sku-1': 0 } })).toEqual([{ path: 'items["sku-1"]', kind: 'changed', before: 1, after: 0 }]);
  });

  it('treats a change of shape (object to array, value to object) as one change of the whole', () => {
    expect(diffStates({ a: 1 }, [1])).toEqual([{ path: '(state)', kind: 'changed', before: { a: 1 }, after: [1] }]);
    expect(diffStates(3, 4)).toEqual([{ path: '(state)', kind: 'changed', before: 3, after: 4 }]);
  });
});
