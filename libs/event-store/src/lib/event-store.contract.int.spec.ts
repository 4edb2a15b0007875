import { createTestDatabase } from '@chronicle/testing';
import { describeEventStoreConformance } from './conformance/event-store.conformance';
import { createPostgresEventStore } from './postgres/postgres-event-store';

describeEventStoreConformance({
  name: 'postgres',
  async create() {
    const database = await createTestDatabase();
    return createPostgresEventStore({ connectionString: database.connectionString });
  },
});
