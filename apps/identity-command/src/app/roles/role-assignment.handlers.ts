import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandReply } from '@chronicle/identity-contracts';
import { IdentityAggregates, toReply } from '../identity-aggregates';
import { AssignRoleCommand, UnassignRoleCommand } from '../identity.commands';

@CommandHandler(AssignRoleCommand)
export class AssignRoleHandler implements ICommandHandler<AssignRoleCommand, CommandReply> {
  constructor(private readonly aggregates: IdentityAggregates) {}

  async execute({ dto }: AssignRoleCommand): Promise<CommandReply> {
    const { state: user } = await this.aggregates.users.load(dto.userId);
    const result = await this.aggregates.roles.handle(dto.roleId, {
      commandId: dto.commandId,
      kind: 'AssignRole',
      roleId: dto.roleId,
      user: { userId: dto.userId, status: user.status },
    });
    return toReply(dto.roleId, result);
  }
}

@CommandHandler(UnassignRoleCommand)
export class UnassignRoleHandler implements ICommandHandler<UnassignRoleCommand, CommandReply> {
  constructor(private readonly aggregates: IdentityAggregates) {}

  async execute({ dto }: UnassignRoleCommand): Promise<CommandReply> {
    const result = await this.aggregates.roles.handle(dto.roleId, {
      commandId: dto.commandId,
      kind: 'UnassignRole',
      roleId: dto.roleId,
      userId: dto.userId,
    });
    return toReply(dto.roleId, result);
  }
}
