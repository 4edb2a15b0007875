import type { RecordedEvent } from '@chronicle/event-store';
import { useTestDatabase } from '@chronicle/testing';
import { v7 as uuidv7 } from 'uuid';
import { defineProjection } from '../core/projection';
import { createFixtureRuntime, type FixtureRuntime } from '../testing-fixtures/fixture-runtime';

/**
 * One stream carrying events about many entities (like one warehouse stream answering many
 * orders): with `holdKey` by entity, a poison event holds back only its own entity's later events.
 */
describe('a poison event under a hold key', () => {
  const db = useTestDatabase();
  let runtime: FixtureRuntime;
  let fixed = false;
  const entityOf = (e: RecordedEvent) => (e.data as { entity: string }).entity;

  beforeAll(async () => {
    const projection = defineProjection(
      { name: 'by_entity', handles: ['Touched'], holdKey: (e) => entityOf(e) },
      {
        async setup(manager) {
          await manager.query('CREATE TABLE touched (event_id text PRIMARY KEY, entity text NOT NULL, seq int NOT NULL)');
        },
        async apply(event, manager) {
          const data = event.data as { entity: string; seq: number; poison?: boolean };
          if (data.poison && !fixed) throw new Error('cannot apply');
          await manager.query('INSERT INTO touched (event_id, entity, seq) VALUES ($1, $2, $3)', [event.eventId, data.entity, data.seq]);
        },
      },
    );
    runtime = await createFixtureRuntime(db.connectionString, {
      projections: [projection],
      batchSize: 10,
      maxWaitMs: 10,
      retry: { maxAttempts: 2, initialDelayMs: 5, maxDelayMs: 10 },
    });
    await runtime.projections.start();
  });
  afterAll(() => runtime.close());

  const touch = (entity: string, seq: number, poison = false) => ({ id: uuidv7(), type: 'Touched', data: { entity, seq, ...(poison ? { poison } : {}) } });
  const applied = () =>
    runtime.projections.withReadModel('by_entity', (m) => m.query('SELECT entity, seq FROM touched ORDER BY entity, seq')) as Promise<Array<{ entity: string; seq: number }>>;

  it('holds back only the same key; the rest of the stream applies; retry applies the held ones in order', async () => {
    await runtime.store.appendToStream('hub-1', [touch('a', 1), touch('b', 1, true), touch('c', 1)]);
    const { position } = await runtime.store.appendToStream('hub-1', [touch('b', 2), touch('a', 2)]);
    await runtime.projections.waitForPosition('by_entity', position, 10_000);

    expect(await applied()).toEqual([
      { entity: 'a', seq: 1 },
      { entity: 'a', seq: 2 },
      { entity: 'c', seq: 1 },
    ]);
    const parked = await runtime.projections.listDeadLetters('by_entity');
    expect(parked.map((d) => [d.holdKey, d.status, d.streamId])).toEqual([
      ['b', 'failed', 'hub-1'],
      ['b', 'held', 'hub-1'],
    ]);

    fixed = true;
    const result = await runtime.projections.retryDeadLetter('by_entity', parked[0].id);
    expect(result).toEqual({ applied: 2, failed: undefined, stillParked: 0 });
    expect((await applied()).filter((r) => r.entity === 'b')).toEqual([
      { entity: 'b', seq: 1 },
      { entity: 'b', seq: 2 },
    ]);
  });
});
