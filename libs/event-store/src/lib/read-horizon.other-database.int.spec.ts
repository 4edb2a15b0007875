import { holdWriteTransactionInAnotherDatabase, useTestDatabase } from '@chronicle/testing';
import { createPostgresEventStore, type PostgresEventStore } from './postgres/postgres-event-store';
import { measureLiveDelivery } from './testing/live-delivery';

describe('the read horizon ignores transactions in other databases', () => {
  const db = useTestDatabase();
  let writer: PostgresEventStore;
  let reader: PostgresEventStore;

  beforeAll(async () => {
    writer = await createPostgresEventStore({ connectionString: db.connectionString });
    reader = await createPostgresEventStore({ connectionString: db.connectionString, migrate: false });
  });
  afterAll(async () => {
    await writer.close();
    await reader.close();
  });

  it('delivers live events with p99 under 100 ms for 30 s while a write transaction in another database stays open', async () => {
    const open = await holdWriteTransactionInAnotherDatabase();
    try {
      const measured = await measureLiveDelivery(writer, reader, { durationMs: 30_000, intervalMs: 25 });
      expect(measured.missing).toBe(0);
      expect(measured.latencies.length).toBeGreaterThan(500);
      expect(measured.p99).toBeLessThan(100);
    } finally {
      await open.release();
    }
  }, 90_000);
});
