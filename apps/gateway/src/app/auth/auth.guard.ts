import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { GatewayError, GatewayErrorCodes } from '../http/gateway-error';
import { isAdmin, type AuthUser } from '../http/gateway-request';
import { requestOf } from '../http/request-of';
import { ADMIN_ONLY_KEY, PUBLIC_KEY } from './auth.decorators';

/** The claims of our access tokens. */
export interface AccessTokenClaims {
  sub: string;
  email: string;
  roles: string[];
}

/** Global guard: every route needs a valid bearer token unless `@Public()`; `@AdminOnly()` routes also the `admin` role. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = requestOf(context);
    req.user = await this.authenticate(req.headers.authorization);
    if (this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY_KEY, targets) && !isAdmin(req.user)) {
      throw new GatewayError(GatewayErrorCodes.FORBIDDEN, 403, 'This needs the admin role');
    }
    return true;
  }

  private async authenticate(header: string | undefined): Promise<AuthUser> {
    const token = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(header ?? '')?.[1];
    if (!token) throw new GatewayError(GatewayErrorCodes.UNAUTHENTICATED, 401, 'Send `Authorization: Bearer <token>` (POST /auth/login gives one)');
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, { algorithms: ['HS256'] });
      return { id: claims.sub, email: claims.email, roles: Array.isArray(claims.roles) ? claims.roles : [] };
    } catch (error) {
      if (error instanceof TokenExpiredError) throw new GatewayError(GatewayErrorCodes.TOKEN_EXPIRED, 401, 'The access token has expired; log in again');
      throw new GatewayError(GatewayErrorCodes.UNAUTHENTICATED, 401, 'The access token is invalid');
    }
  }
}
