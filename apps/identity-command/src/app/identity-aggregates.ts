import { Injectable } from '@nestjs/common';
import { InjectAggregateRepository, type EventSourcedRepository, type HandleResult } from '@chronicle/event-sourcing';
import type { CommandReply, RoleEvent, UserEvent } from '@chronicle/identity-contracts';
import type { RoleCommand, RoleState, UserCommand, UserState } from '@chronicle/identity-domain';
import { v5 as uuidv5 } from 'uuid';
import type { OwnerStatus } from './unique-claims';

export type UserRepository = EventSourcedRepository<UserCommand, UserEvent, UserState>;
export type RoleRepository = EventSourcedRepository<RoleCommand, RoleEvent, RoleState>;

const IDS_FROM_COMMANDS = '0d7e3f5a-6a55-4c3e-9a0a-3f3b7f1d6c21';

/** An aggregate id the client did not choose: derived from the commandId, so a retry names the same aggregate. */
export const idFromCommand = (commandId: string): string => uuidv5(commandId, IDS_FROM_COMMANDS);

export const revisionOf = (value: string | undefined): bigint | undefined => (value === undefined ? undefined : BigInt(value));

export function toReply(id: string, result: HandleResult<{ type: string; data: unknown }>): CommandReply {
  return { id, revision: result.revision?.toString() ?? null, position: result.position?.toString() ?? null };
}

/** The two repositories, and what a claim needs to know about an owner. */
@Injectable()
export class IdentityAggregates {
  constructor(
    @InjectAggregateRepository('user') readonly users: UserRepository,
    @InjectAggregateRepository('role') readonly roles: RoleRepository,
  ) {}

  async userStatus(userId: string): Promise<OwnerStatus> {
    return statusOf((await this.users.load(userId)).state.status);
  }

  async roleStatus(roleId: string): Promise<OwnerStatus> {
    return statusOf((await this.roles.load(roleId)).state.status);
  }
}

const statusOf = (status: 'none' | 'active' | 'deleted'): OwnerStatus =>
  status === 'active' ? 'present' : status === 'deleted' ? 'deleted' : 'missing';
