import { createTestDatabase, type TestDatabase } from '@chronicle/testing';
import { EventValidationError } from '../errors';
import { collect } from '../conformance/event-store.conformance';
import { createPostgresEventStore, type PostgresEventStore } from './postgres-event-store';

describe('PostgresEventStore: what the server refuses as bad data is typed, not an outage', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = await createPostgresEventStore({ connectionString: database.connectionString });
  });
  afterAll(async () => {
    await store?.close();
  });

  it('a revision beyond bigint (SQLSTATE 22003 from the server) is an EventValidationError naming the stream', async () => {
    await store.appendToStream('thing-1', [{ type: 'Happened', data: {} }]);
    const read = collect(store.readStream('thing-1', { fromRevision: 2n ** 64n }));
    await expect(read).rejects.toBeInstanceOf(EventValidationError);
    await expect(collect(store.readStream('thing-1', { fromRevision: 2n ** 64n }))).rejects.toMatchObject({
      code: 'EVENT_VALIDATION_FAILED',
      streamId: 'thing-1',
      message: expect.stringContaining('SQLSTATE 22003'),
    });
    // The store is still fine: nothing was an outage.
    expect(await collect(store.readStream('thing-1'))).toHaveLength(1);
  });
});
