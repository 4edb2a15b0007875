/**
 * `npm start`: the local Chronicle system on one machine with nothing installed.
 * Uses DATABASE_URL when set; otherwise starts an embedded PostgreSQL on a free port.
 * Migrates the event store schema and keeps running until Ctrl-C, then stops cleanly.
 */
import { createPostgresEventStore } from '@chronicle/event-store';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '@chronicle/embedded-postgres';

async function main(): Promise<void> {
  let embedded: EmbeddedPostgresServer | undefined;
  let databaseUrl = process.env['DATABASE_URL'];
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres();
    databaseUrl = embedded.connectionString;
  }
  const store = await createPostgresEventStore({ connectionString: databaseUrl, schema: process.env['EVENT_STORE_SCHEMA'] });
  const head = await store.headPosition();
  await store.close();

  console.log(`Chronicle is up.
  PostgreSQL (${embedded ? 'embedded, data removed on exit' : 'DATABASE_URL'}): ${databaseUrl}
  Event store schema migrated; head position ${head}.
  Point services at it with: DATABASE_URL=${databaseUrl}
Press Ctrl-C to stop.`);

  const shutdown = async () => {
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  setInterval(() => undefined, 1 << 30);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
