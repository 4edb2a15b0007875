import { decider } from '@chronicle/testing';
import type { UserCreated } from '@chronicle/identity-contracts';
import { IdentityDomainError } from './identity-domain.error';
import { userDecider } from './user.decider';

const userId = '0190a3c4-0000-7000-8000-000000000001';
const created: UserCreated = { type: 'UserCreated', data: { userId, email: 'Ada@Example.com', name: 'Ada', passwordHash: 'h1' } };
const user = decider(userDecider);

describe('user', () => {
  it('is created once', () => {
    user.given().when({ commandId: 'c', kind: 'CreateUser', userId, email: 'Ada@Example.com', name: 'Ada', passwordHash: 'h1' }).then(created);
    user
      .given(created)
      .when({ commandId: 'c', kind: 'CreateUser', userId, email: 'x@example.com', name: 'X', passwordHash: 'h' })
      .thenThrows('USER_ALREADY_EXISTS');
  });

  it('records only the fields that change', () => {
    user
      .given(created)
      .when({ commandId: 'c', kind: 'UpdateUser', userId, name: 'Ada L.', email: 'Ada@Example.com' })
      .then({ type: 'UserUpdated', data: { userId, name: 'Ada L.' } });
    user.given(created).when({ commandId: 'c', kind: 'UpdateUser', userId, name: 'Ada' }).then();
  });

  it('cannot be updated when missing or deleted', () => {
    user.given().when({ commandId: 'c', kind: 'UpdateUser', userId, name: 'X' }).thenThrows('USER_NOT_FOUND');
    user
      .given(created, { type: 'UserDeleted', data: { userId } })
      .when({ commandId: 'c', kind: 'UpdateUser', userId, name: 'X' })
      .thenThrows(IdentityDomainError);
  });

  it('deleting twice is a no-op', () => {
    user.given(created).when({ commandId: 'c', kind: 'DeleteUser', userId }).then({ type: 'UserDeleted', data: { userId } });
    user.given(created, { type: 'UserDeleted', data: { userId } }).when({ commandId: 'c', kind: 'DeleteUser', userId }).then();
  });

  it('a deleted or missing user cannot log in, with the same error as a wrong password', () => {
    const at = '2026-11-25T10:00:00.000Z';
    user.given(created).when({ commandId: 'c', kind: 'RecordLogin', userId, at }).then({ type: 'UserLoggedIn', data: { userId, at } });
    user.given(created, { type: 'UserDeleted', data: { userId } }).when({ commandId: 'c', kind: 'RecordLogin', userId, at }).thenThrows('INVALID_CREDENTIALS');
    user.given().when({ commandId: 'c', kind: 'RecordLogin', userId, at }).thenThrows('INVALID_CREDENTIALS');
  });

  it('password changes keep the other fields', () => {
    user
      .given(created)
      .when({ commandId: 'c', kind: 'UpdateUser', userId, passwordHash: 'h2' })
      .thenState({ status: 'active', userId, email: 'Ada@Example.com', name: 'Ada', passwordHash: 'h2' });
  });
});
