import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandReply } from '@chronicle/identity-contracts';
import { IdentityDomainError, normalizeEmail } from '@chronicle/identity-domain';
import { IdentityAggregates, revisionOf, toReply } from '../identity-aggregates';
import { UpdateUserCommand } from '../identity.commands';
import { PasswordHasher } from '../password-hasher';
import { UniqueClaims } from '../unique-claims';

@CommandHandler(UpdateUserCommand)
export class UpdateUserHandler implements ICommandHandler<UpdateUserCommand, CommandReply> {
  constructor(
    private readonly aggregates: IdentityAggregates,
    private readonly claims: UniqueClaims,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute({ dto }: UpdateUserCommand): Promise<CommandReply> {
    const { state } = await this.aggregates.users.load(dto.userId);
    const active = state.status === 'active';
    const result = await this.claims.holding(
      'user-email',
      dto.userId,
      // Only an active user's email changes hands; otherwise the decider rejects the command.
      { from: normalizeEmail(state.email), to: active && dto.email !== undefined ? normalizeEmail(dto.email) : undefined },
      (owner) => this.aggregates.userStatus(owner),
      () => new IdentityDomainError('USER_EMAIL_TAKEN', `Email ${dto.email} is already in use`, { email: dto.email }),
      async () =>
        this.aggregates.users.handle(
          dto.userId,
          {
            commandId: dto.commandId,
            kind: 'UpdateUser',
            userId: dto.userId,
            email: dto.email,
            name: dto.name,
            passwordHash: dto.password === undefined ? undefined : await this.hasher.hash(dto.password),
          },
          { expectedRevision: revisionOf(dto.expectedRevision) },
        ),
    );
    return toReply(dto.userId, result);
  }
}
