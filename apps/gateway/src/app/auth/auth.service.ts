import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { gatewayConfig, type GatewayConfig } from '../gateway.config';
import { IdentityClient, type CallContext } from '../identity/identity.client';
import type { AccessTokenClaims } from './auth.guard';

export interface AccessToken {
  accessToken: string;
  /** Seconds until the token expires. */
  expiresIn: number;
}

/** Logs in through identity-command (which records UserLoggedIn) and issues an HS256 access token. */
@Injectable()
export class AuthService {
  constructor(
    private readonly identity: IdentityClient,
    private readonly jwt: JwtService,
    @Inject(gatewayConfig.KEY) private readonly config: GatewayConfig,
  ) {}

  async login(email: string, password: string, context: CallContext): Promise<AccessToken> {
    const reply = await this.identity.login(email, password, context);
    // The login reply has no roles: read them, at least as fresh as the login itself.
    const user = await this.identity.getUser(reply.userId, context, reply.position ?? undefined);
    const claims: AccessTokenClaims = { sub: reply.userId, email: reply.email, roles: user.roles.map((role) => role.name) };
    const expiresIn = this.config.jwt.expiresInSeconds;
    return { accessToken: await this.jwt.signAsync(claims, { expiresIn }), expiresIn };
  }
}
