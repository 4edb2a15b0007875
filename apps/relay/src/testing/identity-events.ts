import { randomUUID } from 'node:crypto';
import type { EventStore } from '@chronicle/event-store';

/** Per user: 4 events identity publishes and 2 it keeps private (a login, a password change). */
export const PUBLISHED_PER_USER = 4;

/** Appends one user's life; the relay must publish exactly the 4 public events, in this order. */
export async function appendUserLife(store: EventStore): Promise<void> {
  const userId = randomUUID();
  await store.appendToStream(
    `user-${userId}`,
    [
      { type: 'UserCreated', data: { userId, email: `${userId}@example.com`, name: 'Ada', passwordHash: 'secret-hash' }, metadata: { correlationId: userId } },
      { type: 'UserLoggedIn', data: { userId, at: new Date().toISOString() } },
      { type: 'UserUpdated', data: { userId, passwordHash: 'another-hash' } },
      { type: 'UserUpdated', data: { userId, name: 'Ada L.' } },
      { type: 'UserUpdated', data: { userId, email: `new-${userId}@example.com` } },
      { type: 'UserDeleted', data: { userId }, metadata: { correlationId: userId, causationId: userId } },
    ],
    { expectedRevision: 'no_stream' },
  );
}

/** Appends `users` lives, `concurrency` at a time. */
export async function appendUsers(store: EventStore, users: number, concurrency = 8): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < users) {
        next++;
        await appendUserLife(store);
      }
    }),
  );
}

/** Ids of the events the relay should have published, in store order. */
export async function expectedPublishedIds(store: EventStore): Promise<string[]> {
  const ids: string[] = [];
  for await (const e of store.readAll({ filter: { categories: ['user'] } })) {
    const data = e.data as { passwordHash?: string; name?: string; email?: string };
    const isPasswordOnly = e.type === 'UserUpdated' && data.passwordHash !== undefined && data.name === undefined && data.email === undefined;
    if (e.type !== 'UserLoggedIn' && !isPasswordOnly) ids.push(e.eventId);
  }
  return ids;
}
