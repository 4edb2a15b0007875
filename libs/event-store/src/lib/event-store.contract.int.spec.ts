import { createTestDatabase } from '@chronicle/testing';
import { describeEventStoreConformance } from './conformance/event-store.conformance';
import { createEventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { createPostgresEventStore } from './postgres/postgres-event-store';

describeEventStoreConformance({
  name: 'postgres',
  globallyUniqueEventIds: true,
  async create() {
    const database = await createTestDatabase();
    return createPostgresEventStore({ connectionString: database.connectionString });
  },
});

const eventStoreUrl = process.env['EVENTSTORE_URL'];
if (eventStoreUrl) {
  describeEventStoreConformance({
    name: 'eventstoredb',
    globallyUniqueEventIds: false,
    create: () => createEventStoreDbEventStore({ connectionString: eventStoreUrl }),
  });
} else {
  // No EventStoreDB/KurrentDB here: say so loudly instead of passing silently.
  console.warn('SKIPPED: EventStore conformance for the eventstoredb adapter (set EVENTSTORE_URL=esdb://host:2113?tls=false to run it)');
}
