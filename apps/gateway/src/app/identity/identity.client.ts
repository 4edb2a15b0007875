import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import {
  IdentityCommands,
  IdentityQueries,
  type CommandReply,
  type LoginReply,
  type Page,
  type RoleView,
  type UserView,
} from '@chronicle/identity-contracts';
import { callService, clientTransport } from '@chronicle/messaging';
import { v7 as uuidv7 } from 'uuid';
import { gatewayConfig, type GatewayConfig } from '../gateway.config';

/** What every call carries across the hop: the correlation id, and for commands the command id. */
export interface CallContext {
  correlationId: string;
  /** Deterministic when the client sent an Idempotency-Key; a fresh uuid v7 otherwise. */
  commandId?: string;
}

type CommandName = Exclude<keyof typeof IdentityCommands, 'login'>;

/** Terminus-style health as identity-query reports it. */
export interface DownstreamHealth {
  status: 'ok' | 'error' | 'shutting_down';
  info?: Record<string, unknown>;
  error?: Record<string, unknown>;
  details?: Record<string, unknown>;
}

/** The gateway's only way to the identity services: typed calls with timeouts over TCP or NATS. */
@Injectable()
export class IdentityClient implements OnApplicationShutdown {
  private readonly commands: ClientProxy;
  private readonly queries: ClientProxy;

  constructor(@Inject(gatewayConfig.KEY) private readonly config: GatewayConfig) {
    const { natsUrl } = config;
    this.commands = ClientProxyFactory.create(clientTransport({ ...config.identityCommand, natsUrl, queue: 'identity-command' }));
    this.queries = ClientProxyFactory.create(clientTransport({ ...config.identityQuery, natsUrl, queue: 'identity-query' }));
  }

  command(name: CommandName, payload: object, context: CallContext): Promise<CommandReply> {
    return callService<CommandReply>(this.commands, IdentityCommands[name], this.stamp(payload, context), this.config.commandTimeoutMs);
  }

  login(email: string, password: string, context: CallContext): Promise<LoginReply> {
    return callService<LoginReply>(this.commands, IdentityCommands.login, this.stamp({ email, password }, context), this.config.commandTimeoutMs);
  }

  getUser(userId: string, context: CallContext, minPosition?: string): Promise<UserView> {
    return this.query<UserView>(IdentityQueries.getUser, { userId, minPosition }, context);
  }

  listUsers(filter: { limit?: number; cursor?: string; email?: string; role?: string }, context: CallContext, minPosition?: string): Promise<Page<UserView>> {
    return this.query<Page<UserView>>(IdentityQueries.listUsers, { ...filter, minPosition }, context);
  }

  getRole(roleId: string, context: CallContext, minPosition?: string): Promise<RoleView> {
    return this.query<RoleView>(IdentityQueries.getRole, { roleId, minPosition }, context);
  }

  listRoles(context: CallContext, minPosition?: string): Promise<Page<RoleView>> {
    return this.query<Page<RoleView>>(IdentityQueries.listRoles, { minPosition }, context);
  }

  queryHealth(timeoutMs: number): Promise<DownstreamHealth> {
    return callService<DownstreamHealth>(this.queries, IdentityQueries.health, {}, timeoutMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.commands.close(), this.queries.close()]);
  }

  private query<T>(pattern: string, payload: Record<string, unknown>, context: CallContext): Promise<T> {
    return callService<T>(this.queries, pattern, withoutUndefined({ ...payload, correlationId: context.correlationId }), this.config.queryTimeoutMs);
  }

  private stamp(payload: object, context: CallContext): object {
    return withoutUndefined({ ...payload, commandId: context.commandId ?? uuidv7(), correlationId: context.correlationId });
  }
}

/** The services reject unknown properties; `undefined` ones are simply left out. */
function withoutUndefined(payload: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).filter(([, value]) => value !== undefined));
}
