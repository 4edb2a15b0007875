import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandReply } from '@chronicle/identity-contracts';
import { normalizeRoleName } from '@chronicle/identity-domain';
import { IdentityAggregates, revisionOf, toReply } from '../identity-aggregates';
import { DeleteRoleCommand } from '../identity.commands';
import { UniqueClaims } from '../unique-claims';

@CommandHandler(DeleteRoleCommand)
export class DeleteRoleHandler implements ICommandHandler<DeleteRoleCommand, CommandReply> {
  constructor(
    private readonly aggregates: IdentityAggregates,
    private readonly claims: UniqueClaims,
  ) {}

  async execute({ dto }: DeleteRoleCommand): Promise<CommandReply> {
    const result = await this.aggregates.roles.handle(
      dto.roleId,
      { commandId: dto.commandId, kind: 'DeleteRole', roleId: dto.roleId },
      { expectedRevision: revisionOf(dto.expectedRevision) },
    );
    const { state } = await this.aggregates.roles.load(dto.roleId);
    await this.claims.release('role-name', normalizeRoleName(state.name), dto.roleId);
    return toReply(dto.roleId, result);
  }
}
