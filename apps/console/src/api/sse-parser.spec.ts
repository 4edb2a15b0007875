import { SseParser } from './sse-parser';

describe('SseParser', () => {
  it('returns whole messages however the bytes are split, skipping comments and the retry line', () => {
    const parser = new SseParser();
    expect(parser.push('retry: 2000\n\n: keep-alive\n\nid: 5\nevent: Order')).toEqual([]);
    expect(parser.push('Placed\ndata: {"a":1}\n\nid: 6\r\ndata: x\r\ndata: y\r\n\r\n')).toEqual([
      { id: '5', event: 'OrderPlaced', data: '{"a":1}' },
      { id: '6', event: 'message', data: 'x\ny' },
    ]);
  });
});
