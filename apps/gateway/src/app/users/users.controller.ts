import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiDefaultResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandReply, Page, UserView } from '@chronicle/identity-contracts';
import { AdminOnly, CurrentUser } from '../auth/auth.decorators';
import { Call } from '../http/call-context.decorator';
import { GatewayError, GatewayErrorCodes } from '../http/gateway-error';
import { isAdmin, type AuthUser } from '../http/gateway-request';
import { IdParam } from '../http/id-param';
import { CreatedIn } from '../http/representation-headers.interceptor';
import { ExpectedRevision, ifMatchHeader, MinPosition, minPositionHeader } from '../http/request-headers';
import { IdentityClient, type CallContext } from '../identity/identity.client';
import { CommandResultModel, ProblemModel, UserModel, UserPageModel } from '../identity/identity.models';
import { CreateUserBody, ListUsersQuery, UpdateUserBody } from './user.bodies';

@ApiTags('users')
@ApiDefaultResponse({ type: ProblemModel, description: 'An error, as application/problem+json' })
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly identity: IdentityClient) {}

  @Post()
  @AdminOnly()
  @CreatedIn('/users')
  @ApiOperation({ summary: 'Create a user' })
  @ApiCreatedResponse({ type: CommandResultModel })
  create(@Body() body: CreateUserBody, @Call() call: CallContext): Promise<CommandReply> {
    return this.identity.command('createUser', body, call);
  }

  @Get()
  @AdminOnly()
  @ApiHeader(minPositionHeader)
  @ApiOperation({ summary: 'List users (filter by email prefix or role)' })
  @ApiOkResponse({ type: UserPageModel })
  list(@Query() query: ListUsersQuery, @MinPosition() minPosition: string | undefined, @Call() call: CallContext): Promise<Page<UserView>> {
    return this.identity.listUsers({ ...query }, call, minPosition);
  }

  @Get(':id')
  @ApiHeader(minPositionHeader)
  @ApiOperation({ summary: 'Get a user (admins: anyone; others: themselves)' })
  @ApiOkResponse({ type: UserModel })
  get(@IdParam('id') id: string, @MinPosition() minPosition: string | undefined, @CurrentUser() user: AuthUser, @Call() call: CallContext): Promise<UserView> {
    if (!isAdmin(user) && user.id !== id) throw new GatewayError(GatewayErrorCodes.FORBIDDEN, 403, 'You may read only yourself');
    return this.identity.getUser(id, call, minPosition);
  }

  @Patch(':id')
  @AdminOnly()
  @ApiHeader(ifMatchHeader)
  @ApiOperation({ summary: 'Change a user’s name or email' })
  @ApiOkResponse({ type: CommandResultModel })
  update(@IdParam('id') id: string, @Body() body: UpdateUserBody, @ExpectedRevision() expectedRevision: string | undefined, @Call() call: CallContext): Promise<CommandReply> {
    return this.identity.command('updateUser', { ...body, userId: id, expectedRevision }, call);
  }

  @Delete(':id')
  @AdminOnly()
  @HttpCode(204)
  @ApiHeader(ifMatchHeader)
  @ApiOperation({ summary: 'Delete a user' })
  @ApiNoContentResponse({ description: 'Deleted; `X-Position` tells when the read model has it' })
  remove(@IdParam('id') id: string, @ExpectedRevision() expectedRevision: string | undefined, @Call() call: CallContext): Promise<CommandReply> {
    return this.identity.command('deleteUser', { userId: id, expectedRevision }, call);
  }

  @Put(':id/roles/:roleId')
  @AdminOnly()
  @HttpCode(200)
  @ApiOperation({ summary: 'Assign a role (assigning it again changes nothing: position null)' })
  @ApiOkResponse({ type: CommandResultModel })
  assign(@IdParam('id') id: string, @IdParam('roleId') roleId: string, @Call() call: CallContext): Promise<CommandReply> {
    return this.identity.command('assignRole', { userId: id, roleId }, call);
  }

  @Delete(':id/roles/:roleId')
  @AdminOnly()
  @HttpCode(204)
  @ApiOperation({ summary: 'Take a role away' })
  @ApiNoContentResponse({ description: 'Unassigned; `X-Position` tells when the read model has it' })
  unassign(@IdParam('id') id: string, @IdParam('roleId') roleId: string, @Call() call: CallContext): Promise<CommandReply> {
    return this.identity.command('unassignRole', { userId: id, roleId }, call);
  }
}
