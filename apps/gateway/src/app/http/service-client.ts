import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import { callService, clientTransport } from '@chronicle/messaging';
import { v7 as uuidv7 } from 'uuid';
import type { GatewayConfig } from '../gateway.config';

/** What every call carries across the hop: the correlation id, and for commands the command id. */
export interface CallContext {
  correlationId: string;
  /** Deterministic when the client sent an Idempotency-Key; a fresh uuid v7 otherwise. */
  commandId?: string;
}

/** Terminus-style health as a query service reports it (projection lag and stalls included). */
export interface DownstreamHealth {
  status: 'ok' | 'error' | 'shutting_down';
  info?: Record<string, unknown>;
  error?: Record<string, unknown>;
  details?: Record<string, unknown>;
}

/** Where a context's command and query services listen, and their NATS queue names. */
export interface ServicePair {
  command: { host: string; port: number; queue: string };
  query: { host: string; port: number; queue: string };
}

/** The services reject unknown properties; `undefined` ones are simply left out. */
export function withoutUndefined(payload: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).filter(([, value]) => value !== undefined));
}

/** Typed request/response calls to one context's command and query services, with the gateway's timeouts. */
export abstract class ServiceClient {
  private readonly commands: ClientProxy;
  private readonly queries: ClientProxy;

  protected constructor(
    private readonly config: GatewayConfig,
    services: ServicePair,
  ) {
    const { natsUrl } = config;
    this.commands = ClientProxyFactory.create(clientTransport({ ...services.command, natsUrl }));
    this.queries = ClientProxyFactory.create(clientTransport({ ...services.query, natsUrl }));
  }

  protected sendCommand<T>(pattern: string, payload: Record<string, unknown>, context: CallContext): Promise<T> {
    const stamped = withoutUndefined({ ...payload, commandId: context.commandId ?? uuidv7(), correlationId: context.correlationId });
    return callService<T>(this.commands, pattern, stamped, this.config.commandTimeoutMs);
  }

  protected sendQuery<T>(pattern: string, payload: Record<string, unknown>, context: CallContext): Promise<T> {
    return callService<T>(this.queries, pattern, withoutUndefined({ ...payload, correlationId: context.correlationId }), this.config.queryTimeoutMs);
  }

  protected queryServiceHealth(pattern: string, timeoutMs: number): Promise<DownstreamHealth> {
    return callService<DownstreamHealth>(this.queries, pattern, {}, timeoutMs);
  }

  protected async closeClients(): Promise<void> {
    await Promise.all([this.commands.close(), this.queries.close()]);
  }
}
