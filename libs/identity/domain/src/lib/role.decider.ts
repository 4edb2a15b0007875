import type { RoleEvent } from '@chronicle/identity-contracts';
import { IdentityDomainError } from './identity-domain.error';

/** What the handler looked up about the user of an assignment (another aggregate). */
export interface AssigneeStatus {
  userId: string;
  status: 'none' | 'active' | 'deleted';
}

export type RoleCommand =
  | { commandId: string; kind: 'CreateRole'; roleId: string; name: string; permissions: string[] }
  | { commandId: string; kind: 'UpdateRole'; roleId: string; name?: string; permissions?: string[] }
  | { commandId: string; kind: 'DeleteRole'; roleId: string }
  | { commandId: string; kind: 'AssignRole'; roleId: string; user: AssigneeStatus }
  | { commandId: string; kind: 'UnassignRole'; roleId: string; userId: string };

export interface RoleState {
  status: 'none' | 'active' | 'deleted';
  roleId: string;
  name: string;
  permissions: string[];
  /** Users holding the role, in assignment order. */
  members: string[];
}

export const initialRoleState = (): RoleState => ({ status: 'none', roleId: '', name: '', permissions: [], members: [] });

export const normalizeRoleName = (name: string): string => name.trim().toLowerCase();

function mustBeActive(state: RoleState, roleId: string): void {
  if (state.status === 'none') throw new IdentityDomainError('ROLE_NOT_FOUND', `Role ${roleId} does not exist`, { roleId });
  if (state.status === 'deleted') throw new IdentityDomainError('ROLE_DELETED', `Role ${roleId} is deleted`, { roleId });
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

export function decideRole(command: RoleCommand, state: RoleState): RoleEvent[] {
  switch (command.kind) {
    case 'CreateRole':
      if (state.status !== 'none') throw new IdentityDomainError('ROLE_ALREADY_EXISTS', `Role ${command.roleId} already exists`);
      return [{ type: 'RoleCreated', data: { roleId: command.roleId, name: command.name, permissions: [...new Set(command.permissions)] } }];
    case 'UpdateRole': {
      mustBeActive(state, command.roleId);
      const changes: { name?: string; permissions?: string[] } = {};
      if (command.name !== undefined && command.name !== state.name) changes.name = command.name;
      const permissions = command.permissions && [...new Set(command.permissions)];
      if (permissions && !sameSet(permissions, state.permissions)) changes.permissions = permissions;
      return Object.keys(changes).length === 0 ? [] : [{ type: 'RoleUpdated', data: { roleId: command.roleId, ...changes } }];
    }
    case 'DeleteRole':
      if (state.status === 'deleted') return [];
      mustBeActive(state, command.roleId);
      // Members lose the role in the same append as the deletion: nobody ever holds a deleted role.
      return [
        ...state.members.map((userId) => ({ type: 'RoleUnassignedFromUser' as const, data: { roleId: command.roleId, userId } })),
        { type: 'RoleDeleted', data: { roleId: command.roleId } },
      ];
    case 'AssignRole': {
      mustBeActive(state, command.roleId);
      const { userId, status } = command.user;
      if (status === 'none') throw new IdentityDomainError('USER_NOT_FOUND', `User ${userId} does not exist`, { userId });
      if (status === 'deleted') throw new IdentityDomainError('USER_DELETED', `User ${userId} is deleted`, { userId });
      if (state.members.includes(userId)) return [];
      return [{ type: 'RoleAssignedToUser', data: { roleId: command.roleId, userId } }];
    }
    case 'UnassignRole':
      mustBeActive(state, command.roleId);
      if (!state.members.includes(command.userId)) return [];
      return [{ type: 'RoleUnassignedFromUser', data: { roleId: command.roleId, userId: command.userId } }];
  }
}

export function evolveRole(state: RoleState, event: RoleEvent): RoleState {
  switch (event.type) {
    case 'RoleCreated':
      return { status: 'active', roleId: event.data.roleId, name: event.data.name, permissions: event.data.permissions, members: [] };
    case 'RoleUpdated':
      return { ...state, name: event.data.name ?? state.name, permissions: event.data.permissions ?? state.permissions };
    case 'RoleDeleted':
      return { ...state, status: 'deleted' };
    case 'RoleAssignedToUser':
      return { ...state, members: [...state.members, event.data.userId] };
    case 'RoleUnassignedFromUser':
      return { ...state, members: state.members.filter((m) => m !== event.data.userId) };
  }
}

/** The role aggregate as a decider (`role-<id>` streams); assignments live here. */
export const roleDecider = { initialState: initialRoleState, decide: decideRole, evolve: evolveRole };
