import type { UserEvent } from '@chronicle/identity-contracts';
import { IdentityDomainError } from './identity-domain.error';

/** Commands on a user. Passwords arrive hashed: hashing is I/O-heavy work the handler does first. */
export type UserCommand =
  | { commandId: string; kind: 'CreateUser'; userId: string; email: string; name: string; passwordHash: string }
  | { commandId: string; kind: 'UpdateUser'; userId: string; email?: string; name?: string; passwordHash?: string }
  | { commandId: string; kind: 'DeleteUser'; userId: string }
  /** The handler verified the password against `state.passwordHash` before deciding. */
  | { commandId: string; kind: 'RecordLogin'; userId: string; at: string };

export interface UserState {
  status: 'none' | 'active' | 'deleted';
  userId: string;
  email: string;
  name: string;
  passwordHash: string;
}

export const initialUserState = (): UserState => ({ status: 'none', userId: '', email: '', name: '', passwordHash: '' });

/** Emails compare case-insensitively; we keep what the user typed for display. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

function mustBeActive(state: UserState, userId: string): void {
  if (state.status === 'none') throw new IdentityDomainError('USER_NOT_FOUND', `User ${userId} does not exist`, { userId });
  if (state.status === 'deleted') throw new IdentityDomainError('USER_DELETED', `User ${userId} is deleted`, { userId });
}

export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.kind) {
    case 'CreateUser':
      if (state.status !== 'none') throw new IdentityDomainError('USER_ALREADY_EXISTS', `User ${command.userId} already exists`);
      return [
        {
          type: 'UserCreated',
          data: { userId: command.userId, email: command.email, name: command.name, passwordHash: command.passwordHash },
        },
      ];
    case 'UpdateUser': {
      mustBeActive(state, command.userId);
      const changes: { email?: string; name?: string; passwordHash?: string } = {};
      if (command.email !== undefined && command.email !== state.email) changes.email = command.email;
      if (command.name !== undefined && command.name !== state.name) changes.name = command.name;
      if (command.passwordHash !== undefined) changes.passwordHash = command.passwordHash;
      return Object.keys(changes).length === 0 ? [] : [{ type: 'UserUpdated', data: { userId: command.userId, ...changes } }];
    }
    case 'DeleteUser':
      if (state.status === 'deleted') return [];
      mustBeActive(state, command.userId);
      return [{ type: 'UserDeleted', data: { userId: command.userId } }];
    case 'RecordLogin':
      // Same error whatever the reason: a caller must not learn whether the account exists.
      if (state.status !== 'active') throw new IdentityDomainError('INVALID_CREDENTIALS', 'Invalid email or password');
      return [{ type: 'UserLoggedIn', data: { userId: command.userId, at: command.at } }];
  }
}

export function evolveUser(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserCreated':
      return { status: 'active', ...event.data };
    case 'UserUpdated':
      return {
        ...state,
        email: event.data.email ?? state.email,
        name: event.data.name ?? state.name,
        passwordHash: event.data.passwordHash ?? state.passwordHash,
      };
    case 'UserDeleted':
      return { ...state, status: 'deleted' };
    case 'UserLoggedIn':
      return state;
  }
}

/** The user aggregate as a decider (`user-<id>` streams). */
export const userDecider = { initialState: initialUserState, decide: decideUser, evolve: evolveUser };
