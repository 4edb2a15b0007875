import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { Transport } from '@nestjs/microservices';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { HealthCheckService, HealthIndicatorService, MicroserviceHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { DatabaseHealth } from '@chronicle/postgres';
import { AdminBootstrap } from '../auth/admin-bootstrap';
import { Public } from '../auth/auth.decorators';
import { gatewayConfig, type GatewayConfig } from '../gateway.config';
import { GatewayError } from '../http/gateway-error';
import { IdentityClient, type DownstreamHealth } from '../identity/identity.client';
import { InventoryClient } from '../inventory/inventory.client';
import { OrderingClient } from '../orders/ordering.client';

/** Readiness answers within ~1.5 s whatever is down: a probe that hangs counts as down. */
const PROBE_TIMEOUT_MS = 1_500;
const DATABASE_PROBE_TIMEOUT_MS = 1_000;

/** Liveness (the process answers) and readiness (database, every context's services, projection lag). */
@ApiTags('health')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly microservice: MicroserviceHealthIndicator,
    private readonly database: DatabaseHealth,
    private readonly identity: IdentityClient,
    private readonly inventory: InventoryClient,
    private readonly ordering: OrderingClient,
    private readonly bootstrap: AdminBootstrap,
    @Inject(gatewayConfig.KEY) private readonly config: GatewayConfig,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The gateway process is up' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({ summary: 'Database, the identity, inventory and ordering services (query sides: projection lag) and the admin bootstrap are fine' })
  async ready(): Promise<HealthCheckResult> {
    const { identityCommand, inventoryCommand, orderingCommand } = this.config;
    try {
      return await this.health.check([
        () => this.databaseCheck(),
        () => this.commandServiceCheck('identity-command', identityCommand),
        () => this.queryServiceCheck('identity-query', () => this.identity.queryHealth(PROBE_TIMEOUT_MS)),
        () => this.commandServiceCheck('inventory-command', inventoryCommand),
        () => this.queryServiceCheck('inventory-query', () => this.inventory.queryHealth(PROBE_TIMEOUT_MS)),
        () => this.commandServiceCheck('ordering-command', orderingCommand),
        () => this.queryServiceCheck('ordering-query', () => this.ordering.queryHealth(PROBE_TIMEOUT_MS)),
        () => this.bootstrapCheck(),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      throw new GatewayError('NOT_READY', 503, 'The gateway or a service it needs is not ready', { health: error.getResponse() });
    }
  }

  private async databaseCheck() {
    const session = this.indicators.check('database');
    try {
      await this.database.ping(DATABASE_PROBE_TIMEOUT_MS);
      return session.up();
    } catch {
      return session.down({ message: 'PostgreSQL does not answer' });
    }
  }

  private bootstrapCheck() {
    const session = this.indicators.check('admin-bootstrap');
    return this.bootstrap.status === 'done' ? session.up() : session.down({ state: this.bootstrap.status });
  }

  /** A command service is reachable (TCP: its port accepts; NATS: the broker answers). */
  private commandServiceCheck(name: string, endpoint: { host: string; port: number }) {
    const { natsUrl } = this.config;
    return natsUrl
      ? this.microservice.pingCheck(name, { transport: Transport.NATS, options: { servers: [natsUrl] }, timeout: PROBE_TIMEOUT_MS })
      : this.microservice.pingCheck(name, { transport: Transport.TCP, options: endpoint, timeout: PROBE_TIMEOUT_MS });
  }

  /** A query service answers with its own terminus result, projection lag and stalls included. */
  private async queryServiceCheck(name: string, probe: () => Promise<DownstreamHealth>) {
    const session = this.indicators.check(name);
    try {
      const result = await probe();
      return result.status === 'ok' ? session.up({ details: result.details }) : session.down({ details: result.details });
    } catch (error) {
      return session.down({ message: (error as { code?: string }).code ?? 'unreachable' });
    }
  }
}
