import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandReply } from '@chronicle/identity-contracts';
import { IdentityDomainError, normalizeEmail } from '@chronicle/identity-domain';
import { idFromCommand, IdentityAggregates, toReply } from '../identity-aggregates';
import { CreateUserCommand } from '../identity.commands';
import { PasswordHasher } from '../password-hasher';
import { UniqueClaims } from '../unique-claims';

@CommandHandler(CreateUserCommand)
export class CreateUserHandler implements ICommandHandler<CreateUserCommand, CommandReply> {
  constructor(
    private readonly aggregates: IdentityAggregates,
    private readonly claims: UniqueClaims,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute({ dto }: CreateUserCommand): Promise<CommandReply> {
    const userId = dto.userId ?? idFromCommand(dto.commandId);
    const result = await this.claims.holding(
      'user-email',
      userId,
      { to: normalizeEmail(dto.email) },
      (owner) => this.aggregates.userStatus(owner),
      () => new IdentityDomainError('USER_EMAIL_TAKEN', `Email ${dto.email} is already in use`, { email: dto.email }),
      async () =>
        this.aggregates.users.handle(userId, {
          commandId: dto.commandId,
          kind: 'CreateUser',
          userId,
          email: dto.email,
          name: dto.name,
          passwordHash: await this.hasher.hash(dto.password),
        }),
    );
    return toReply(userId, result);
  }
}
