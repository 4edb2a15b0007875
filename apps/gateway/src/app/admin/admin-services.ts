import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import { adminPatterns, callService, clientTransport, type AdminPatterns } from '@chronicle/messaging';
import { gatewayConfig, type GatewayConfig } from '../gateway.config';
import { GatewayError, GatewayErrorCodes } from '../http/gateway-error';

/** Who runs subscriptions (projections, reactors) and who owns aggregates: where each admin question goes. */
export const SUBSCRIPTION_SERVICES = ['identity-query', 'inventory-query', 'ordering-query', 'inventory-command', 'ordering-command', 'notifications'] as const;
export const AGGREGATE_SERVICES = ['identity-command', 'inventory-command', 'ordering-command'] as const;
type ServiceName = (typeof SUBSCRIPTION_SERVICES)[number] | (typeof AGGREGATE_SERVICES)[number];

/** Rebuilds and resets read a whole range of events: they may take longer than a query. */
const ADMIN_TIMEOUT_MS = 30_000;

/** The gateway's RPC clients to every service's admin patterns (`<service>.admin.*`). */
@Injectable()
export class AdminServices implements OnApplicationShutdown {
  private readonly clients = new Map<ServiceName, ClientProxy>();
  private readonly owners = new Map<string, ServiceName>();
  private categoryOwners: Map<string, ServiceName> | undefined;

  constructor(@Inject(gatewayConfig.KEY) private readonly config: GatewayConfig) {
    const endpoints: Record<ServiceName, { host: string; port: number }> = {
      'identity-command': config.identityCommand,
      'identity-query': config.identityQuery,
      'inventory-command': config.inventoryCommand,
      'inventory-query': config.inventoryQuery,
      'ordering-command': config.orderingCommand,
      'ordering-query': config.orderingQuery,
      notifications: config.notifications,
    };
    for (const [service, endpoint] of Object.entries(endpoints) as Array<[ServiceName, { host: string; port: number }]>) {
      this.clients.set(service, ClientProxyFactory.create(clientTransport({ ...endpoint, natsUrl: config.natsUrl, queue: service })));
    }
  }

  /** Asks `service` (pattern picked from its admin patterns). */
  call<T>(service: ServiceName, pattern: (p: AdminPatterns) => string, payload: object = {}, timeoutMs = ADMIN_TIMEOUT_MS): Promise<T> {
    const client = this.clients.get(service) as ClientProxy;
    return callService<T>(client, pattern(adminPatterns(service)), payload, timeoutMs);
  }

  /** Asks every service of `services` at once; a service that does not answer is left out (and named). */
  async all<T>(services: readonly ServiceName[], pattern: (p: AdminPatterns) => string): Promise<{ answers: Array<{ service: ServiceName; answer: T }>; unreachable: ServiceName[] }> {
    const settled = await Promise.allSettled(services.map((service) => this.call<T>(service, pattern, {}, this.config.queryTimeoutMs)));
    const answers: Array<{ service: ServiceName; answer: T }> = [];
    const unreachable: ServiceName[] = [];
    settled.forEach((result, i) => (result.status === 'fulfilled' ? answers.push({ service: services[i] as ServiceName, answer: result.value }) : unreachable.push(services[i] as ServiceName)));
    return { answers, unreachable };
  }

  /** The service running subscription `name` (remembered after the first time). */
  async ownerOf(name: string): Promise<ServiceName> {
    const known = this.owners.get(name);
    if (known) return known;
    const { answers } = await this.all<{ subscriptions: Array<{ name: string }> }>(SUBSCRIPTION_SERVICES, (p) => p.subscriptions);
    for (const { service, answer } of answers) for (const s of answer.subscriptions) this.owners.set(s.name, service);
    const owner = this.owners.get(name);
    if (!owner) throw new GatewayError('PROJECTION_UNKNOWN', 404, `No service runs a subscription named '${name}'`);
    return owner;
  }

  /** The service whose decider folds streams of `category`. */
  async aggregateOwnerOf(category: string): Promise<ServiceName> {
    if (!this.categoryOwners) {
      const { answers, unreachable } = await this.all<{ categories: string[] }>(AGGREGATE_SERVICES, (p) => p.aggregates);
      if (unreachable.length) throw new GatewayError('SERVICE_UNAVAILABLE', 503, `Not reachable: ${unreachable.join(', ')}`);
      this.categoryOwners = new Map(answers.flatMap(({ service, answer }) => answer.categories.map((c) => [c, service] as const)));
    }
    const owner = this.categoryOwners.get(category);
    if (!owner) throw new GatewayError(GatewayErrorCodes.NOT_FOUND, 404, `No service has a decider for streams of '${category}'`);
    return owner;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.close()));
  }
}
