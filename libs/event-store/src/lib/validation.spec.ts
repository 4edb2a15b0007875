import { EventValidationError } from './errors';
import { correlationReadLimit, MAX_JSON_DEPTH, prepareEvents, prepareStreamMetadata } from './validation';
import type { EventData, JsonValue } from './types';

const MAX = 1024 * 1024;
const append = (events: EventData[], stream = 'thing-1') => () => prepareEvents(stream, events, MAX);
const withData = (data: JsonValue, metadata?: EventData['metadata']): EventData[] => [{ type: 'Happened', data, metadata }];

/** `n` arrays inside each other, built without recursion. */
function nested(n: number): JsonValue {
  let value: JsonValue = [];
  for (let i = 1; i < n; i++) value = [value];
  return value;
}

describe('prepareEvents: what PostgreSQL cannot store is a typed error before anything is sent', () => {
  it.each([
    ['a NUL in a data string', append(withData({ name: 'a\u0000b' })), /data\.name holds a NUL character/],
    ['a lone high surrogate in a data string', append(withData({ name: 'Ad\ud800a' })), /data\.name holds a lone surrogate \(U\+D800\)/],
    ['a lone low surrogate in an array item', append(withData({ permissions: ['ok', 'x\udc00'] })), /data\.permissions\[1\] holds a lone surrogate \(U\+DC00\)/],
    ['surrogates in the wrong order', append(withData({ s: '\udc00\ud800' })), /lone surrogate/],
    ['a lone surrogate in a key', append(withData({ ['k\ud800']: 1 })), /data has a key with a lone surrogate/],
    ['a NUL in a key', append(withData({ ['k\u0000']: 1 })), /data has a key with a NUL character/],
    ['a lone surrogate in free metadata', append(withData({}, { actor: '\ud800' })), /metadata\.actor holds a lone surrogate/],
    ['a NUL in free metadata', append(withData({}, { actor: 'a\u0000' })), /metadata\.actor holds a NUL character/],
    ['a lone surrogate in the correlation id', append(withData({}, { correlationId: 'c\ud800' })), /metadata\.correlationId/],
    ['a NUL in the causation id', append(withData({}, { causationId: 'c\u0000' })), /metadata\.causationId/],
    ['a lone surrogate in the event type', append([{ type: 'Happened\ud800', data: {} }]), /type holds a lone surrogate/],
    ['a lone surrogate in the stream id', append(withData({}), 'thing-\ud800'), /Stream id must not contain a lone surrogate/],
  ])('rejects %s', (_name, run, message) => {
    expect(run).toThrow(EventValidationError);
    expect(run).toThrow(message);
  });

  it('stores everything else JSON can say: surrogate pairs, control characters, any script', () => {
    const data = { emoji: 'Ada 😀', controls: 'tab\tnew\nline\u0001\u007f\u0085', script: 'Ἀδά' };
    const [prepared] = prepareEvents('thing-1', withData(data), MAX);
    expect(JSON.parse(prepared.data)).toEqual(data);
  });

  it(`rejects data nested deeper than ${MAX_JSON_DEPTH} levels with a typed error, however deep (no stack overflow)`, () => {
    expect(() => prepareEvents('thing-1', withData(nested(MAX_JSON_DEPTH)), MAX)).not.toThrow();
    expect(append(withData(nested(MAX_JSON_DEPTH + 1)))).toThrow(/nests deeper than 128 levels/);
    expect(append(withData(nested(100_000)))).toThrow(EventValidationError);
  });

  it('tells a circular object from a value shared by two fields', () => {
    const shared = { a: 1 };
    expect(() => prepareEvents('thing-1', withData({ x: shared, y: shared }), MAX)).not.toThrow();
    const circular: Record<string, unknown> = {};
    circular['self'] = { back: circular };
    expect(append(withData(circular as JsonValue))).toThrow(/data\.self\.back is circular/);
  });

  it('shows a bad stream id escaped in the error', () => {
    try {
      prepareEvents('thing-\u0000', withData({}), MAX);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(EventValidationError);
      expect((error as EventValidationError).streamId).toBe('thing-\\u0000');
    }
  });
});

describe('prepareStreamMetadata and correlationReadLimit', () => {
  it('check stream metadata like event data', () => {
    expect(prepareStreamMetadata('thing-1', { owner: 'identity' }, MAX)).toBe('{"owner":"identity"}');
    expect(() => prepareStreamMetadata('thing-1', { owner: '\ud800' }, MAX)).toThrow(EventValidationError);
    expect(() => prepareStreamMetadata('thing-1', { owner: 'a\u0000' }, MAX)).toThrow(EventValidationError);
    expect(() => prepareStreamMetadata('thing-1', ['not', 'an', 'object'], MAX)).toThrow(EventValidationError);
  });

  it('refuse a correlation id PostgreSQL cannot compare', () => {
    expect(() => correlationReadLimit('c\ud800')).toThrow(EventValidationError);
    expect(() => correlationReadLimit('c\u0000')).toThrow(EventValidationError);
    expect(correlationReadLimit('c-1')).toBe(1000);
  });
});
