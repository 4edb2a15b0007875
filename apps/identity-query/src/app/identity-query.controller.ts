import { Controller, Inject } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
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
import { PlatformErrorCodes } from '@chronicle/messaging';
import { Projections, ProjectionsHealthIndicator, WaitForPositionTimeoutError } from '@chronicle/projections';
import { identityQueryConfig } from './identity-query.config';
import { IdentityReadModel } from './identity-read-model';
import { IDENTITY_PROJECTION } from './identity.projection';

/** A query error with a stable code (sent back by the RpcErrorFilter). */
class QueryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The identity query service's message patterns. */
@Controller()
export class IdentityQueryController {
  constructor(
    private readonly readModel: IdentityReadModel,
    private readonly projections: Projections,
    private readonly health: HealthCheckService,
    private readonly projectionsHealth: ProjectionsHealthIndicator,
    @Inject(identityQueryConfig.KEY) private readonly config: ConfigType<typeof identityQueryConfig>,
  ) {}

  @MessagePattern(IdentityQueries.getUser)
  async getUser(@Payload() query: GetUserQueryDto): Promise<UserView> {
    await this.readYourWrites(query);
    const user = await this.readModel.getUser(query.userId);
    if (!user) throw new QueryError(IdentityErrorCodes.USER_NOT_FOUND, `User ${query.userId} does not exist`, { userId: query.userId });
    return user;
  }

  @MessagePattern(IdentityQueries.listUsers)
  async listUsers(@Payload() query: ListUsersQueryDto): Promise<Page<UserView>> {
    await this.readYourWrites(query);
    const page = await this.readModel.listUsers({ limit: query.limit ?? 20, cursor: query.cursor, email: query.email, role: query.role });
    if (!page) throw new QueryError(PlatformErrorCodes.VALIDATION_FAILED, 'The cursor is not valid', { fields: { cursor: ['invalid cursor'] } });
    return page;
  }

  @MessagePattern(IdentityQueries.getRole)
  async getRole(@Payload() query: GetRoleQueryDto): Promise<RoleView> {
    await this.readYourWrites(query);
    const role = await this.readModel.getRole(query.roleId);
    if (!role) throw new QueryError(IdentityErrorCodes.ROLE_NOT_FOUND, `Role ${query.roleId} does not exist`, { roleId: query.roleId });
    return role;
  }

  @MessagePattern(IdentityQueries.listRoles)
  async listRoles(@Payload() query: ListRolesQueryDto): Promise<Page<RoleView>> {
    await this.readYourWrites(query);
    return this.readModel.listRoles();
  }

  /** Readiness of the query side: DOWN when a projection is stalled or failed. */
  @MessagePattern(IdentityQueries.health)
  async healthCheck(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.projectionsHealth.isHealthy('projections')]);
    } catch (error) {
      const response = (error as { getResponse?: () => unknown }).getResponse?.();
      if (response) return response as HealthCheckResult;
      throw error;
    }
  }

  private async readYourWrites(query: IdentityQueryDto): Promise<void> {
    if (query.minPosition === undefined) return;
    try {
      await this.projections.waitForPosition(IDENTITY_PROJECTION, BigInt(query.minPosition), this.config.readYourWritesTimeoutMs);
    } catch (error) {
      if (!(error instanceof WaitForPositionTimeoutError)) throw error;
      throw new QueryError(PlatformErrorCodes.PROJECTION_LAGGING, `The read model has not reached position ${query.minPosition} yet`, {
        minPosition: query.minPosition,
        timeoutMs: this.config.readYourWritesTimeoutMs,
      });
    }
  }
}
