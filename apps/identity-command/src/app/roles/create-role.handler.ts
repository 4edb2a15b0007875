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
    const name = normalizeRoleName(dto.name);
    const claim = await this.claims.claim('role-name', name, roleId, (owner) => this.aggregates.roleStatus(owner));
    if (!claim.ok) throw new IdentityDomainError('ROLE_NAME_TAKEN', `Role name ${dto.name} is already in use`, { name: dto.name });
    try {
      const result = await this.aggregates.roles.handle(roleId, {
        commandId: dto.commandId,
        kind: 'CreateRole',
        roleId,
        name: dto.name,
        permissions: dto.permissions,
      });
      return toReply(roleId, result);
    } catch (error) {
      if (claim.fresh) await this.claims.release('role-name', name, roleId);
      throw error;
    }
  }
}
