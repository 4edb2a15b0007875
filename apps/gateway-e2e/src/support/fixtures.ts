import { randomUUID } from 'node:crypto';
import { createPostgresEventStore, type RecordedEvent } from '@chronicle/event-store';

export const uniqueEmail = (prefix = 'user'): string => `${prefix}-${randomUUID()}@e2e.test`;

/** The events of one stream, read straight from the store (to prove what was, or was not, recorded). */
export async function streamEvents(connectionString: string, streamId: string): Promise<RecordedEvent[]> {
  const store = await createPostgresEventStore({ connectionString });
  try {
    const events: RecordedEvent[] = [];
    for await (const event of store.readStream(streamId)) events.push(event);
    return events;
  } finally {
    await store.close();
  }
}

/** The claims of a JWT, unverified: the tests only look at what the gateway put in. */
export const claimsOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
