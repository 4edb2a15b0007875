import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  IdentityCommands,
  IdentityQueries,
  type CommandReply,
  type LoginReply,
  type Page,
  type RoleView,
  type UserView,
} from '@chronicle/identity-contracts';
import { gatewayConfig, type GatewayConfig } from '../gateway.config';
import { ServiceClient, type CallContext, type DownstreamHealth } from '../http/service-client';

export type { CallContext, DownstreamHealth } from '../http/service-client';

type CommandName = Exclude<keyof typeof IdentityCommands, 'login'>;

/** The gateway's only way to the identity services: typed calls with timeouts over TCP or NATS. */
@Injectable()
export class IdentityClient extends ServiceClient implements OnApplicationShutdown {
  constructor(@Inject(gatewayConfig.KEY) config: GatewayConfig) {
    super(config, {
      command: { ...config.identityCommand, queue: 'identity-command' },
      query: { ...config.identityQuery, queue: 'identity-query' },
    });
  }

  command(name: CommandName, payload: object, context: CallContext): Promise<CommandReply> {
    return this.sendCommand<CommandReply>(IdentityCommands[name], { ...payload }, context);
  }

  login(email: string, password: string, context: CallContext): Promise<LoginReply> {
    return this.sendCommand<LoginReply>(IdentityCommands.login, { email, password }, context);
  }

  getUser(userId: string, context: CallContext, minPosition?: string): Promise<UserView> {
    return this.sendQuery<UserView>(IdentityQueries.getUser, { userId, minPosition }, context);
  }

  listUsers(filter: { limit?: number; cursor?: string; email?: string; role?: string }, context: CallContext, minPosition?: string): Promise<Page<UserView>> {
    return this.sendQuery<Page<UserView>>(IdentityQueries.listUsers, { ...filter, minPosition }, context);
  }

  getRole(roleId: string, context: CallContext, minPosition?: string): Promise<RoleView> {
    return this.sendQuery<RoleView>(IdentityQueries.getRole, { roleId, minPosition }, context);
  }

  listRoles(context: CallContext, minPosition?: string): Promise<Page<RoleView>> {
    return this.sendQuery<Page<RoleView>>(IdentityQueries.listRoles, { minPosition }, context);
  }

  queryHealth(timeoutMs: number): Promise<DownstreamHealth> {
    return this.queryServiceHealth(IdentityQueries.health, timeoutMs);
  }

  onApplicationShutdown(): Promise<void> {
    return this.closeClients();
  }
}
