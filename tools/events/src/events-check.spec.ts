import { join } from 'node:path';
import { runEventsCheck } from './events-check';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = (path: string) => require(path) as Record<string, unknown>;

describe('events:check', () => {
  it('passes a complete registry and catalogs it', () => {
    const result = runEventsCheck(join(__dirname, 'fixtures/ok'), load);
    expect(result.problems).toEqual([]);
    expect(result.catalog).toMatchObject([{ type: 'DemoHappened', version: 2, producer: 'demo', upcastsFrom: [1] }]);
  });

  it('fails on a hole in an upcaster chain and on a used but unregistered event type', () => {
    const result = runEventsCheck(join(__dirname, 'fixtures/broken'), load);
    expect(result.problems).toEqual([
      'DemoHappened: upcaster chain has a hole: no upcaster from v2 to v3',
      'NeverRegistered: used by demo projection but not registered',
    ]);
  });
});
