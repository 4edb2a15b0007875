import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandReply } from '@chronicle/identity-contracts';
import { IdentityDomainError, normalizeRoleName } from '@chronicle/identity-domain';
import { idFromCommand, IdentityAggregates, toReply } from '../identity-aggregates';
import { CreateRoleCommand } from '../identity.commands';
import { UniqueClaims } from '../unique-claims';

@CommandHandler(CreateRoleCommand)
export class CreateRoleHandler implements ICommandHandler<CreateRoleCommand, CommandReply> {
  constructor(
    private readonly aggregates: IdentityAggregates,
    private readonly claims: UniqueClaims,
  ) {}

  async execute({ dto }: CreateRoleCommand): Promise<CommandReply> {
    const roleId = dto.roleId ?? idFromCommand(dto.commandId);
    const result = await this.claims.holding(
      'role-name',
      roleId,
      { to: normalizeRoleName(dto.name) },
      (owner) => this.aggregates.roleStatus(owner),
      () => new IdentityDomainError('ROLE_NAME_TAKEN', `Role name ${dto.name} is already in use`, { name: dto.name }),
      () =>
        this.aggregates.roles.handle(roleId, {
          commandId: dto.commandId,
          kind: 'CreateRole',
          roleId,
          name: dto.name,
          permissions: dto.permissions,
        }),
    );
    return toReply(roleId, result);
  }
}
