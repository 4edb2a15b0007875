import { decider } from '@chronicle/testing';
import type { RoleCreated } from '@chronicle/identity-contracts';
import { roleDecider } from './role.decider';

const roleId = '0190a3c4-0000-7000-8000-00000000000a';
const ada = '0190a3c4-0000-7000-8000-000000000001';
const bob = '0190a3c4-0000-7000-8000-000000000002';
const created: RoleCreated = { type: 'RoleCreated', data: { roleId, name: 'admin', permissions: ['users:write'] } };
const assigned = (userId: string) => ({ type: 'RoleAssignedToUser' as const, data: { roleId, userId } });
const role = decider(roleDecider);

describe('role', () => {
  it('is created with distinct permissions', () => {
    role
      .given()
      .when({ commandId: 'c', kind: 'CreateRole', roleId, name: 'admin', permissions: ['users:write', 'users:write'] })
      .then(created);
  });

  it('assigns an active user once; the second assignment is a no-op', () => {
    role.given(created).when({ commandId: 'c', kind: 'AssignRole', roleId, user: { userId: ada, status: 'active' } }).then(assigned(ada));
    role.given(created, assigned(ada)).when({ commandId: 'c', kind: 'AssignRole', roleId, user: { userId: ada, status: 'active' } }).then();
  });

  it('refuses to assign to a deleted or missing user, or a deleted role', () => {
    role.given(created).when({ commandId: 'c', kind: 'AssignRole', roleId, user: { userId: ada, status: 'deleted' } }).thenThrows('USER_DELETED');
    role.given(created).when({ commandId: 'c', kind: 'AssignRole', roleId, user: { userId: ada, status: 'none' } }).thenThrows('USER_NOT_FOUND');
    role
      .given(created, { type: 'RoleDeleted', data: { roleId } })
      .when({ commandId: 'c', kind: 'AssignRole', roleId, user: { userId: ada, status: 'active' } })
      .thenThrows('ROLE_DELETED');
  });

  it('deleting a role unassigns every member in the same decision', () => {
    role
      .given(created, assigned(ada), assigned(bob), { type: 'RoleUnassignedFromUser', data: { roleId, userId: ada } })
      .when({ commandId: 'c', kind: 'DeleteRole', roleId })
      .then({ type: 'RoleUnassignedFromUser', data: { roleId, userId: bob } }, { type: 'RoleDeleted', data: { roleId } });
  });

  it('unassigning a non-member is a no-op', () => {
    role.given(created).when({ commandId: 'c', kind: 'UnassignRole', roleId, userId: ada }).then();
  });

  it('updates only what changes', () => {
    role.given(created).when({ commandId: 'c', kind: 'UpdateRole', roleId, permissions: ['users:write'] }).then();
    role
      .given(created)
      .when({ commandId: 'c', kind: 'UpdateRole', roleId, name: 'owner' })
      .then({ type: 'RoleUpdated', data: { roleId, name: 'owner' } });
  });
});
