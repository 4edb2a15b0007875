import { Controller, Inject } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { HealthCheckResult } from '@nestjs/terminus';
import {
  GetRoleQueryDto,
  GetUserQueryDto,
  IdentityErrorCodes,
  IdentityQueries,
  ListRolesQueryDto,
  ListUsersQueryDto,
  type IdentityQueryDto,
  type Page,
  type RoleView,
  type UserView,
} from '@chronicle/identity-contracts';
import { ServiceError } from '@chronicle/messaging';
import { Projections, ProjectionsHealthIndicator } from '@chronicle/projections';
import { identityQueryConfig } from './identity-query.config';
import { IdentityReadModel } from './identity-read-model';
import { IDENTITY_PROJECTION } from './identity.projection';

/** The identity query service's message patterns. */
@Controller()
export class IdentityQueryController {
  constructor(
    private readonly readModel: IdentityReadModel,
    private readonly projections: Projections,
    private readonly projectionsHealth: ProjectionsHealthIndicator,
    @Inject(identityQueryConfig.KEY) private readonly config: ConfigType<typeof identityQueryConfig>,
  ) {}

  @MessagePattern(IdentityQueries.getUser)
  async getUser(@Payload() query: GetUserQueryDto): Promise<UserView> {
    await this.readYourWrites(query);
    const user = await this.readModel.getUser(query.userId);
    if (!user) throw new ServiceError(IdentityErrorCodes.USER_NOT_FOUND, `User ${query.userId} does not exist`, { userId: query.userId });
    return user;
  }

  @MessagePattern(IdentityQueries.listUsers)
  async listUsers(@Payload() query: ListUsersQueryDto): Promise<Page<UserView>> {
    await this.readYourWrites(query);
    const page = await this.readModel.listUsers({ limit: query.limit ?? 20, cursor: query.cursor, email: query.email, role: query.role });
    return page;
  }

  @MessagePattern(IdentityQueries.getRole)
  async getRole(@Payload() query: GetRoleQueryDto): Promise<RoleView> {
    await this.readYourWrites(query);
    const role = await this.readModel.getRole(query.roleId);
    if (!role) throw new ServiceError(IdentityErrorCodes.ROLE_NOT_FOUND, `Role ${query.roleId} does not exist`, { roleId: query.roleId });
    return role;
  }

  @MessagePattern(IdentityQueries.listRoles)
  async listRoles(@Payload() query: ListRolesQueryDto): Promise<Page<RoleView>> {
    await this.readYourWrites(query);
    return this.readModel.listRoles();
  }

  /** Readiness of the query side: DOWN when a projection is stalled or failed. */
  @MessagePattern(IdentityQueries.health)
  healthCheck(): Promise<HealthCheckResult> {
    return this.projectionsHealth.readiness('projections');
  }

  private readYourWrites(query: IdentityQueryDto): Promise<void> {
    return this.projections.readYourWrites(IDENTITY_PROJECTION, query.minPosition, this.config.readYourWritesTimeoutMs);
  }
}
