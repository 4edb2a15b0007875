import { useTestDatabase } from '@chronicle/testing';
import { v7 as uuidv7 } from 'uuid';
import { collect } from './conformance/event-store.conformance';
import { isWrongExpectedRevisionError, WrongExpectedRevisionError } from './errors';
import { createPostgresEventStore, type PostgresEventStore } from './postgres/postgres-event-store';

const WRITERS = 8;

describe('concurrent writers on one stream', () => {
  const db = useTestDatabase();
  let stores: PostgresEventStore[];

  beforeAll(async () => {
    // One store (and pool) per writer, as separate service replicas would have.
    stores = await Promise.all(
      Array.from({ length: WRITERS }, () => createPostgresEventStore({ connectionString: db.connectionString, poolSize: 2 })),
    );
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
  });

  it('lets exactly one of 8 writers win each round; the others get WrongExpectedRevisionError', async () => {
    const stream = `race-${uuidv7()}`;
    await stores[0].appendToStream(stream, [{ type: 'Opened', data: {} }], { expectedRevision: 'no_stream' });
    let revision = 0n;
    for (let round = 0; round < 40; round++) {
      const results = await Promise.allSettled(
        stores.map((store, writer) =>
          store.appendToStream(stream, [{ type: 'Raced', data: { round, writer } }], { expectedRevision: revision }),
        ),
      );
      const winners = results.filter((r) => r.status === 'fulfilled');
      const losers = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(WRITERS - 1);
      for (const loser of losers) {
        expect(loser.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(loser.reason).toMatchObject({ expected: revision, actual: revision + 1n });
      }
      revision += 1n;
    }
    const events = await collect(stores[0].readStream(stream));
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 41 }, (_, i) => BigInt(i)));
    const rounds = events.slice(1).map((e) => (e.data as { round: number }).round);
    expect(rounds).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it('writers that reload and retry on conflict all get through, with no gap and no duplicate revision', async () => {
    const stream = `retry-${uuidv7()}`;
    const perWriter = 15;
    let conflicts = 0;
    await Promise.all(
      stores.map(async (store, writer) => {
        for (let n = 0; n < perWriter; n++) {
          for (;;) {
            const current = await store.streamRevision(stream);
            try {
              await store.appendToStream(stream, [{ type: 'Counted', data: { writer, n } }], {
                expectedRevision: current ?? 'no_stream',
              });
              break;
            } catch (error) {
              if (!isWrongExpectedRevisionError(error)) throw error;
              conflicts++;
            }
          }
        }
      }),
    );
    const events = await collect(stores[0].readStream(stream));
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: WRITERS * perWriter }, (_, i) => BigInt(i)));
    expect(new Set(events.map((e) => e.eventId)).size).toBe(WRITERS * perWriter);
    expect(conflicts).toBeGreaterThan(0);
  });
});
