import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandReply } from '@chronicle/identity-contracts';
import { normalizeEmail } from '@chronicle/identity-domain';
import { IdentityAggregates, revisionOf, toReply } from '../identity-aggregates';
import { DeleteUserCommand } from '../identity.commands';
import { UniqueClaims } from '../unique-claims';

@CommandHandler(DeleteUserCommand)
export class DeleteUserHandler implements ICommandHandler<DeleteUserCommand, CommandReply> {
  constructor(
    private readonly aggregates: IdentityAggregates,
    private readonly claims: UniqueClaims,
  ) {}

  async execute({ dto }: DeleteUserCommand): Promise<CommandReply> {
    const result = await this.aggregates.users.handle(
      dto.userId,
      { commandId: dto.commandId, kind: 'DeleteUser', userId: dto.userId },
      { expectedRevision: revisionOf(dto.expectedRevision) },
    );
    // The email is free again. Should this step not happen (a crash), the next claim finds the owner deleted and takes it over.
    const { state } = await this.aggregates.users.load(dto.userId);
    await this.claims.release('user-email', normalizeEmail(state.email), dto.userId);
    return toReply(dto.userId, result);
  }
}
