import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandReply } from '@chronicle/identity-contracts';
import { IdentityDomainError, normalizeRoleName } from '@chronicle/identity-domain';
import { IdentityAggregates, revisionOf, toReply } from '../identity-aggregates';
import { UpdateRoleCommand } from '../identity.commands';
import { UniqueClaims } from '../unique-claims';

@CommandHandler(UpdateRoleCommand)
export class UpdateRoleHandler implements ICommandHandler<UpdateRoleCommand, CommandReply> {
  constructor(
    private readonly aggregates: IdentityAggregates,
    private readonly claims: UniqueClaims,
  ) {}

  async execute({ dto }: UpdateRoleCommand): Promise<CommandReply> {
    const { state } = await this.aggregates.roles.load(dto.roleId);
    const active = state.status === 'active';
    const result = await this.claims.holding(
      'role-name',
      dto.roleId,
      { from: normalizeRoleName(state.name), to: active && dto.name !== undefined ? normalizeRoleName(dto.name) : undefined },
      (owner) => this.aggregates.roleStatus(owner),
      () => new IdentityDomainError('ROLE_NAME_TAKEN', `Role name ${dto.name} is already in use`, { name: dto.name }),
      () =>
        this.aggregates.roles.handle(
          dto.roleId,
          { commandId: dto.commandId, kind: 'UpdateRole', roleId: dto.roleId, name: dto.name, permissions: dto.permissions },
          { expectedRevision: revisionOf(dto.expectedRevision) },
        ),
    );
    return toReply(dto.roleId, result);
  }
}
