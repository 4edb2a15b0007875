import { parseIfMatch, parseMinPosition } from './request-headers';

describe('request headers', () => {
  it('If-Match: a quoted, weak or bare revision; * and absence mean no check; anything else is a 400', () => {
    expect(parseIfMatch('"3"')).toBe('3');
    expect(parseIfMatch('W/"12"')).toBe('12');
    expect(parseIfMatch('0')).toBe('0');
    expect(parseIfMatch('*')).toBeUndefined();
    expect(parseIfMatch(undefined)).toBeUndefined();
    for (const bad of ['"-1"', '"abc"', '"01"', '"1", "2"']) expect(() => parseIfMatch(bad)).toThrow(expect.objectContaining({ status: 400, code: 'INVALID_HEADER' }));
  });

  it('X-Min-Position: a non-negative integer or nothing', () => {
    expect(parseMinPosition('42')).toBe('42');
    expect(parseMinPosition(undefined)).toBeUndefined();
    for (const bad of ['-1', '1.5', 'soon', '']) expect(() => parseMinPosition(bad)).toThrow(expect.objectContaining({ status: 400 }));
  });
});
