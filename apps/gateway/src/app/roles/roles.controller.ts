import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiDefaultResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandReply, Page, RoleView } from '@chronicle/identity-contracts';
import { AdminOnly } from '../auth/auth.decorators';
import { Call } from '../http/call-context.decorator';
import { IdParam } from '../http/id-param';
import { CreatedIn } from '../http/representation-headers.interceptor';
import { ExpectedRevision, ifMatchHeader, MinPosition, minPositionHeader } from '../http/request-headers';
import { IdentityClient, type CallContext } from '../identity/identity.client';
import { CommandResultModel, ProblemModel, RoleModel, RolePageModel } from '../identity/identity.models';
import { CreateRoleBody, UpdateRoleBody } from './role.bodies';

/** Roles are administration: every route needs the admin role. */
@ApiTags('roles')
@ApiDefaultResponse({ type: ProblemModel, description: 'An error, as application/problem+json' })
@ApiBearerAuth()
@AdminOnly()
@Controller('roles')
export class RolesController {
  constructor(private readonly identity: IdentityClient) {}

  @Post()
  @CreatedIn('/roles')
  @ApiOperation({ summary: 'Create a role' })
  @ApiCreatedResponse({ type: CommandResultModel })
  create(@Body() body: CreateRoleBody, @Call() call: CallContext): Promise<CommandReply> {
    return this.identity.command('createRole', body, call);
  }

  @Get()
  @ApiHeader(minPositionHeader)
  @ApiOperation({ summary: 'List roles' })
  @ApiOkResponse({ type: RolePageModel })
  list(@MinPosition() minPosition: string | undefined, @Call() call: CallContext): Promise<Page<RoleView>> {
    return this.identity.listRoles(call, minPosition);
  }

  @Get(':id')
  @ApiHeader(minPositionHeader)
  @ApiOperation({ summary: 'Get a role' })
  @ApiOkResponse({ type: RoleModel })
  get(@IdParam('id') id: string, @MinPosition() minPosition: string | undefined, @Call() call: CallContext): Promise<RoleView> {
    return this.identity.getRole(id, call, minPosition);
  }

  @Patch(':id')
  @ApiHeader(ifMatchHeader)
  @ApiOperation({ summary: 'Rename a role or change its permissions' })
  @ApiOkResponse({ type: CommandResultModel })
  update(@IdParam('id') id: string, @Body() body: UpdateRoleBody, @ExpectedRevision() expectedRevision: string | undefined, @Call() call: CallContext): Promise<CommandReply> {
    return this.identity.command('updateRole', { ...body, roleId: id, expectedRevision }, call);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiHeader(ifMatchHeader)
  @ApiOperation({ summary: 'Delete a role (its members lose it)' })
  @ApiNoContentResponse({ description: 'Deleted; `X-Position` tells when the read model has it' })
  remove(@IdParam('id') id: string, @ExpectedRevision() expectedRevision: string | undefined, @Call() call: CallContext): Promise<CommandReply> {
    return this.identity.command('deleteRole', { roleId: id, expectedRevision }, call);
  }
}
