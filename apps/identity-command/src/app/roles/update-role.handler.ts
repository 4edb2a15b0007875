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
    const oldName = normalizeRoleName(state.name);
    const newName = dto.name === undefined ? undefined : normalizeRoleName(dto.name);
    const renames = newName !== undefined && state.status === 'active' && newName !== oldName;
    const claim = renames
      ? await this.claims.claim('role-name', newName, dto.roleId, (owner) => this.aggregates.roleStatus(owner))
      : { ok: true, fresh: false };
    if (!claim.ok) throw new IdentityDomainError('ROLE_NAME_TAKEN', `Role name ${dto.name} is already in use`, { name: dto.name });
    try {
      const result = await this.aggregates.roles.handle(
        dto.roleId,
        { commandId: dto.commandId, kind: 'UpdateRole', roleId: dto.roleId, name: dto.name, permissions: dto.permissions },
        { expectedRevision: revisionOf(dto.expectedRevision) },
      );
      if (renames && result.events.length > 0) await this.claims.release('role-name', oldName, dto.roleId);
      return toReply(dto.roleId, result);
    } catch (error) {
      if (renames && claim.fresh) await this.claims.release('role-name', newName, dto.roleId);
      throw error;
    }
  }
}
