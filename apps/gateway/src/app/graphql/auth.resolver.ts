import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Public } from '../auth/auth.decorators';
import { AuthService, type AccessToken } from '../auth/auth.service';
import { LoginThrottled } from '../auth/login-throttle';
import { Call } from '../http/call-context.decorator';
import type { CallContext } from '../identity/identity.client';
import { AccessTokenModel } from '../identity/identity.models';

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Mutation(() => AccessTokenModel)
  @Public()
  @LoginThrottled()
  login(@Args('email') email: string, @Args('password') password: string, @Call() call: CallContext): Promise<AccessToken> {
    return this.auth.login(email, password, call);
  }
}
