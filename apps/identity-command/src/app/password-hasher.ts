import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { compare, hash } from 'bcryptjs';
import { identityCommandConfig } from './identity-command.config';

/** bcrypt hashes of passwords; the plain password never leaves this class (nor reaches a log or an event). */
@Injectable()
export class PasswordHasher {
  private readonly rounds: number;
  /** Compared against when there is no user, so a login takes as long either way. */
  private dummyHash: Promise<string> | undefined;

  constructor(@Inject(identityCommandConfig.KEY) config: ConfigType<typeof identityCommandConfig>) {
    this.rounds = config.passwordHashRounds;
  }

  hash(password: string): Promise<string> {
    return hash(password, this.rounds);
  }

  async verify(password: string, passwordHash: string | undefined): Promise<boolean> {
    this.dummyHash ??= hash('not a password of anybody', this.rounds);
    const matches = await compare(password, passwordHash ?? (await this.dummyHash));
    return matches && passwordHash !== undefined;
  }
}
