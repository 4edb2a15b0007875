import type { EventRegistration } from '@chronicle/event-sourcing';
import { useTestDatabase } from '@chronicle/testing';
import { z } from 'zod';
import { createFixtureRuntime, type FixtureRuntime } from '../testing-fixtures/fixture-runtime';
import { defineProjection } from './projection';

/** v2 of Named splits `fullName` (v1) into first and last. */
const named: EventRegistration = {
  type: 'Named',
  schemaVersion: 2,
  schema: z.object({ id: z.string(), first: z.string(), last: z.string() }),
  upcasters: {
    1: (data) => {
      const { id, fullName } = data as { id: string; fullName: string };
      const [first = '', ...rest] = fullName.split(' ');
      return { id, first, last: rest.join(' ') };
    },
  },
  producer: 'test',
};

describe('a projection reads events through its registry', () => {
  const db = useTestDatabase();
  let runtime: FixtureRuntime;

  beforeAll(async () => {
    const names = defineProjection(
      { name: 'names', handles: ['Named'], events: [named] },
      {
        async setup(manager) {
          await manager.query('CREATE TABLE names (id text PRIMARY KEY, first text NOT NULL, last text NOT NULL)');
        },
        async apply(event, manager) {
          const data = event.data as { id: string; first: string; last: string };
          await manager.query('INSERT INTO names VALUES ($1, $2, $3)', [data.id, data.first, data.last]);
        },
      },
    );
    runtime = await createFixtureRuntime(db.connectionString, { projections: [names], maxWaitMs: 5, retry: { maxAttempts: 1 } });
    await runtime.projections.start();
  });
  afterAll(() => runtime.close());

  it('applies old versions upcast to the current shape, and parks an event that does not match it', async () => {
    await runtime.store.appendToStream('person-1', [{ type: 'Named', schemaVersion: 1, data: { id: '1', fullName: 'Ada King Lovelace' } }]);
    await runtime.store.appendToStream('person-2', [{ type: 'Named', schemaVersion: 2, data: { id: '2', first: 'Grace', last: 'Hopper' } }]);
    const { position } = await runtime.store.appendToStream('person-3', [{ type: 'Named', schemaVersion: 2, data: { id: '3' } }]);
    await runtime.projections.waitForPosition('names', position, 10_000);
    const rows = await runtime.projections.withReadModel('names', (m) => m.query('SELECT id, first, last FROM names ORDER BY id'));
    expect(rows).toEqual([
      { id: '1', first: 'Ada', last: 'King Lovelace' },
      { id: '2', first: 'Grace', last: 'Hopper' },
    ]);
    const parked = await runtime.projections.listDeadLetters('names');
    expect(parked.map((d) => [d.streamId, d.status])).toEqual([['person-3', 'failed']]);
    expect(parked[0]?.error).toContain('first');
  });
});
