import { randomUUID } from 'node:crypto';
import type { EventStore } from '@chronicle/event-store';

export interface TestUser {
  userId: string;
  email: string;
  name: string;
}

/** Appends a UserCreated as identity-command writes it (contract shape). */
export async function appendUserCreated(store: EventStore, overrides: Partial<TestUser> = {}): Promise<TestUser> {
  const userId = overrides.userId ?? randomUUID();
  const user = { userId, email: overrides.email ?? `${userId}@example.com`, name: overrides.name ?? `User ${userId.slice(0, 8)}` };
  await store.appendToStream(`user-${userId}`, [{ type: 'UserCreated', data: { ...user, passwordHash: 'hash' } }], { expectedRevision: 'no_stream' });
  return user;
}

/** Appends `count` users, `concurrency` at a time. */
export async function appendUsers(store: EventStore, count: number, concurrency = 8): Promise<TestUser[]> {
  const users: TestUser[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        users.push(await appendUserCreated(store));
      }
    }),
  );
  return users;
}
