import type { RecordedEvent } from '@chronicle/event-store';
import { createIntegrationEventMapper, integrationEventTypes } from '@chronicle/messaging';
import { publishedContexts } from './published-contexts';

const userId = '0f8fad5b-d9cb-469f-a165-70867728950e';
const recorded = (type: string, data: RecordedEvent['data'], extra: Partial<RecordedEvent> = {}): RecordedEvent => ({
  eventId: '018f0000-0000-7000-8000-000000000001',
  type,
  schemaVersion: 1,
  streamId: `user-${userId}`,
  revision: 0n,
  position: 42n,
  recordedAt: new Date('2026-01-01T00:00:00Z'),
  data,
  metadata: {},
  ...extra,
});
const decode = (payload: Uint8Array | undefined) => payload && JSON.parse(new TextDecoder().decode(payload));

describe('identity integration events', () => {
  const map = createIntegrationEventMapper(publishedContexts, 'chronicle');

  it('publishes UserCreated without the password hash, on chronicle.identity.UserCreated', () => {
    const message = map(
      recorded('UserCreated', { userId, email: 'ada@example.com', name: 'Ada', passwordHash: 'h' }, { correlationId: 'corr-1', causationId: 'cause-1' }),
    );
    expect(message?.subject).toBe('chronicle.identity.UserCreated');
    expect(message?.msgId).toBe('018f0000-0000-7000-8000-000000000001');
    expect(decode(message?.payload)).toEqual({ userId, email: 'ada@example.com', name: 'Ada' });
    expect(message?.headers).toMatchObject({
      'Chronicle-Event-Id': '018f0000-0000-7000-8000-000000000001',
      'Chronicle-Event-Type': 'UserCreated',
      'Chronicle-Schema-Version': '1',
      'Chronicle-Correlation-Id': 'corr-1',
      'Chronicle-Causation-Id': 'cause-1',
      'Chronicle-Position': '42',
    });
  });

  it('keeps private events and password-only changes inside the context', () => {
    expect(map(recorded('UserLoggedIn', { userId, at: '2026-01-01T00:00:00Z' }))).toBeUndefined();
    expect(map(recorded('UserUpdated', { userId, passwordHash: 'h2' }))).toBeUndefined();
    expect(decode(map(recorded('UserUpdated', { userId, name: 'Ada L.', passwordHash: 'h2' }))?.payload)).toEqual({ userId, name: 'Ada L.' });
    expect(integrationEventTypes(publishedContexts)).not.toContain('UserLoggedIn');
  });

  it('publishes role assignments with both ids', () => {
    const roleId = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    const message = map(recorded('RoleAssignedToUser', { roleId, userId }, { streamId: `role-${roleId}` }));
    expect(message?.subject).toBe('chronicle.identity.RoleAssignedToUser');
    expect(decode(message?.payload)).toEqual({ roleId, userId });
  });

  it('rejects a mapping that would publish one type twice or on an invalid subject', () => {
    expect(() => createIntegrationEventMapper([...publishedContexts, ...publishedContexts], 'chronicle')).toThrow(/mapped twice/);
    expect(() => createIntegrationEventMapper([{ context: 'bad.context', events: {} }], 'chronicle')).toThrow(/subject token/);
  });
});
