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
    const oldEmail = normalizeEmail(state.email);
    const newEmail = dto.email === undefined ? undefined : normalizeEmail(dto.email);
    const changesEmail = newEmail !== undefined && state.status === 'active' && newEmail !== oldEmail;
    const claim = changesEmail
      ? await this.claims.claim('user-email', newEmail, dto.userId, (owner) => this.aggregates.userStatus(owner))
      : { ok: true, fresh: false };
    if (!claim.ok) throw new IdentityDomainError('USER_EMAIL_TAKEN', `Email ${dto.email} is already in use`, { email: dto.email });
    try {
      const result = await this.aggregates.users.handle(
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
      );
      if (changesEmail && result.events.length > 0) await this.claims.release('user-email', oldEmail, dto.userId);
      return toReply(dto.userId, result);
    } catch (error) {
      if (changesEmail && claim.fresh) await this.claims.release('user-email', newEmail, dto.userId);
      throw error;
    }
  }
}
