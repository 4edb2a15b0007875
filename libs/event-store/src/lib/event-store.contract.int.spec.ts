import { createTestDatabase } from '@chronicle/testing';
import { describeEventStoreConformance, type AdapterUnderTest } from './conformance/event-store.conformance';
import { describeSubscriptionConformance } from './conformance/subscription.conformance';
import { createEventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { createPostgresEventStore } from './postgres/postgres-event-store';

const postgres: AdapterUnderTest = {
  name: 'postgres',
  globallyUniqueEventIds: true,
  async create() {
    const database = await createTestDatabase();
    return createPostgresEventStore({ connectionString: database.connectionString });
  },
};
describeEventStoreConformance(postgres);
describeSubscriptionConformance(postgres);

const eventStoreUrl = process.env['EVENTSTORE_URL'];
if (eventStoreUrl) {
  const eventstoredb: AdapterUnderTest = {
    name: 'eventstoredb',
    globallyUniqueEventIds: false,
    create: () => createEventStoreDbEventStore({ connectionString: eventStoreUrl }),
  };
  describeEventStoreConformance(eventstoredb);
  describeSubscriptionConformance(eventstoredb);
} else {
  // No EventStoreDB/KurrentDB here: say so loudly instead of passing silently.
  console.warn('SKIPPED: EventStore and subscription conformance for the eventstoredb adapter (set EVENTSTORE_URL=esdb://host:2113?tls=false to run it)');
}
