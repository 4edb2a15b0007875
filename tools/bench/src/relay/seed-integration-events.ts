import { randomUUID } from 'node:crypto';
import type { EventStore } from '@chronicle/event-store';

/** `events` published identity events (UserUpdated with a name), 100 per user stream, 4 writers. */
export async function seedIntegrationEvents(store: EventStore, events: number): Promise<void> {
  const perStream = 100;
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < events) {
        const count = Math.min(perStream, events - next);
        next += count;
        const userId = randomUUID();
        const batch = Array.from({ length: count }, (_, i) => ({ type: 'UserUpdated', data: { userId, name: `name ${i}` } }));
        await store.appendToStream(`user-${userId}`, batch);
      }
    }),
  );
}
