import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiDefaultResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Call } from '../http/call-context.decorator';
import type { CallContext } from '../identity/identity.client';
import { AccessTokenModel, ProblemModel } from '../identity/identity.models';
import { Public } from './auth.decorators';
import { AuthService, type AccessToken } from './auth.service';
import { LoginBody } from './login.body';
import { LoginThrottled } from './login-throttle';

@ApiTags('auth')
@ApiDefaultResponse({ type: ProblemModel, description: 'An error, as application/problem+json' })
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @LoginThrottled()
  @ApiOperation({ summary: 'Exchange email and password for an access token (records UserLoggedIn)' })
  @ApiOkResponse({ type: AccessTokenModel })
  login(@Body() body: LoginBody, @Call() call: CallContext): Promise<AccessToken> {
    return this.auth.login(body.email, body.password, call);
  }
}
