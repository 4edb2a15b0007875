import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { LoginReply } from '@chronicle/identity-contracts';
import { IdentityDomainError, normalizeEmail } from '@chronicle/identity-domain';
import { IdentityAggregates, toReply } from '../identity-aggregates';
import { LoginCommand } from '../identity.commands';
import { PasswordHasher } from '../password-hasher';
import { UniqueClaims } from '../unique-claims';

@CommandHandler(LoginCommand)
export class LoginHandler implements ICommandHandler<LoginCommand, LoginReply> {
  constructor(
    private readonly aggregates: IdentityAggregates,
    private readonly claims: UniqueClaims,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute({ dto }: LoginCommand): Promise<LoginReply> {
    const userId = await this.claims.ownerOf('user-email', normalizeEmail(dto.email));
    const user = userId ? (await this.aggregates.users.load(userId)).state : undefined;
    const active = user?.status === 'active' ? user : undefined;
    // Always one bcrypt comparison, and one error for every failure: nothing tells an attacker which part was wrong.
    const verified = await this.hasher.verify(dto.password, active?.passwordHash);
    if (!verified || !userId || !active) throw new IdentityDomainError('INVALID_CREDENTIALS', 'Invalid email or password');
    const result = await this.aggregates.users.handle(userId, {
      commandId: dto.commandId,
      kind: 'RecordLogin',
      userId,
      at: new Date().toISOString(),
    });
    return { ...toReply(userId, result), userId, email: active.email, name: active.name };
  }
}
