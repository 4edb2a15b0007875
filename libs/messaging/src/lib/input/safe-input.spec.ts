import fc from 'fast-check';
import { findUnsafeInput, MAX_INPUT_DEPTH, unsafeCharacterIn } from './safe-input';

/** Any UTF-16 code unit: lone surrogates and controls included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
const anyText = fc.string({ unit: fc.oneof(codeUnit, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 40 });

/** `n` arrays inside each other, built without recursion. */
function nested(n: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < n; i++) value = [value];
  return value;
}

describe('unsafeCharacterIn: no control character, no lone surrogate, in any field', () => {
  it.each([
    ['NUL', 'a\u0000b', 'a control character (U+0000)'],
    ['TAB', 'a\tb', 'a control character (U+0009)'],
    ['LF', 'Ada\n', 'a control character (U+000A)'],
    ['CR', '\rAda', 'a control character (U+000D)'],
    ['ESC', 'a\u001b[31m', 'a control character (U+001B)'],
    ['DEL', 'a\u007f', 'a control character (U+007F)'],
    ['C1 NEL', 'a\u0085', 'a control character (U+0085)'],
    ['C1 CSI', 'a\u009b', 'a control character (U+009B)'],
    ['a lone high surrogate', 'Ad\ud800a', 'a lone surrogate (U+D800)'],
    ['a lone low surrogate', 'x\udfff', 'a lone surrogate (U+DFFF)'],
    ['a pair in the wrong order', '\udc00\ud800', 'a lone surrogate (U+DC00)'],
  ])('rejects %s', (_name, text, reason) => {
    expect(unsafeCharacterIn(text)).toBe(reason);
  });

  it.each([
    ['letters and spaces', 'Ada Lovelace'],
    ['a surrogate pair (emoji)', 'Ada 😀'],
    ['other scripts', 'Ἀδά 艾达 أدا'],
    ['a no-break space and punctuation', 'Ada\u00a0King, née Byron!'],
    ['the empty string', ''],
  ])('accepts %s', (_name, text) => {
    expect(unsafeCharacterIn(text)).toBeUndefined();
  });

  it('accepts exactly the strings that survive UTF-8 unchanged and hold no control character', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const survivesUtf8 = Buffer.from(text, 'utf8').toString('utf8') === text;
        const hasControl = [...text].some((c) => c.codePointAt(0)! < 0x20 || (c.codePointAt(0)! >= 0x7f && c.codePointAt(0)! <= 0x9f));
        expect(unsafeCharacterIn(text) === undefined).toBe(survivesUtf8 && !hasControl);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('findUnsafeInput', () => {
  it('names every bad field by its path, nested fields and array items included', () => {
    const body = { name: 'A\u0000', lines: [{ sku: 'ok' }, { sku: 'x\ud800' }], tags: ['fine', 'b\n'] };
    expect(findUnsafeInput(body, 'input')).toEqual([
      { path: 'input.name', message: 'input.name must not contain a control character (U+0000)' },
      { path: 'input.tags.1', message: 'input.tags.1 must not contain a control character (U+000A)' },
      { path: 'input.lines.1.sku', message: 'input.lines.1.sku must not contain a lone surrogate (U+D800)' },
    ]);
  });

  it('checks field names too, showing them escaped', () => {
    expect(findUnsafeInput({ ['na\u0000me']: 'Ada' })).toEqual([{ path: 'na\\u0000me', message: 'a field name must not contain a control character (U+0000)' }]);
  });

  it('checks a bare string (a path parameter, a query value)', () => {
    expect(findUnsafeInput('a\u0001', 'id')).toEqual([{ path: 'id', message: 'id must not contain a control character (U+0001)' }]);
    expect(findUnsafeInput('a-1', 'id')).toEqual([]);
    expect(findUnsafeInput(42)).toEqual([]);
  });

  it(`rejects nesting deeper than ${MAX_INPUT_DEPTH} levels, however deep, without recursion`, () => {
    expect(findUnsafeInput(nested(MAX_INPUT_DEPTH))).toEqual([]);
    expect(findUnsafeInput(nested(MAX_INPUT_DEPTH + 1))).toHaveLength(1);
    expect(findUnsafeInput({ deep: nested(1_000_000) })[0]).toEqual({ path: `deep${'.0'.repeat(MAX_INPUT_DEPTH - 1)}`, message: expect.stringContaining('nests deeper than 32 levels') });
  });

  it('reports at most 20 fields, and terminates on a cycle', () => {
    expect(findUnsafeInput(Array.from({ length: 500 }, () => '\u0000'))).toHaveLength(20);
    const cyclic: Record<string, unknown> = { name: 'ok' };
    cyclic['self'] = cyclic;
    expect(findUnsafeInput(cyclic)).toEqual([]);
  });
});
