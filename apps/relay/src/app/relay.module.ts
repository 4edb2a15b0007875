import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createPostgresEventStore, type EventStore } from '@chronicle/event-store';
import { EventRelay, RelayMetrics } from '@chronicle/messaging';
import { MetricsRegistry, ObservabilityModule, OpsEndpointsModule } from '@chronicle/observability';
import { createPostgresPool } from '@chronicle/postgres';
import type { Pool } from 'pg';
import { connect, type NatsConnection } from 'nats';
import { HealthController } from './health.controller';
import { publishedContexts } from './published-contexts';
import type { RelayConfig } from './relay.config';

const RELAY_CONFIG = Symbol('RELAY_CONFIG');
const RELAY_RESOURCES = Symbol('RELAY_RESOURCES');

interface RelayResources {
  pool: Pool;
  store: EventStore;
  nats: NatsConnection;
  relay: EventRelay;
}

async function createRelayResources(config: RelayConfig): Promise<RelayResources> {
  // The relay's one pool (its lease is a session of its own): idle connections that break are dropped, never fatal.
  const logger = new Logger('Relay');
  const pool = createPostgresPool({
    connectionString: config.databaseUrl,
    applicationName: `chronicle-relay:${config.name}`,
    max: 3,
    onError: (error) => logger.warn(`A database connection broke (${error.message}); the next query reconnects`),
  });
  const store = await createPostgresEventStore({ pool, schema: config.schema, pageSize: config.readPageSize });
  // Reconnect for ever: an outage makes the relay wait (and readiness fail), never exit.
  const nats = await connect({
    servers: config.natsUrl,
    name: `chronicle-relay:${config.name}`,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    ignoreClusterUpdates: true,
    waitOnFirstConnect: true,
  });
  const relay = new EventRelay({
    name: config.name,
    store,
    connectionString: config.databaseUrl,
    pool,
    schema: config.schema,
    nats,
    stream: { name: config.stream, subjectPrefix: config.subjectPrefix, duplicateWindowMs: config.duplicateWindowMs },
    mappings: publishedContexts,
    batchSize: config.batchSize,
    maxInFlight: config.maxInFlight,
    leaseIntervalMs: config.leaseIntervalMs,
    publishTimeoutMs: config.publishTimeoutMs,
    retryDelayMs: config.retryDelayMs,
    onStateChange: (status) => logger.log(`state=${status.state} nats=${status.natsConnected ? 'up' : 'down'} checkpoint=${status.checkpoint ?? '-'}${status.lastError ? ` lastError="${status.lastError}"` : ''}`),
  });
  return { pool, store, nats, relay };
}

/** Starts the relay once the app is up, and stops it (lease released, connections closed) on shutdown. */
@Injectable()
class RelayLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(RELAY_RESOURCES) private readonly resources: RelayResources) {}

  onApplicationBootstrap(): Promise<void> {
    return this.resources.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.resources.relay.stop();
    await this.resources.nats.drain().catch(() => undefined);
    await this.resources.store.close();
    await this.resources.pool.end();
  }
}

@Module({})
export class RelayModule {
  static forRoot(config: RelayConfig): DynamicModule {
    return {
      module: RelayModule,
      // Metrics only from OpsEndpointsModule: readiness answers with the relay's status (HealthController).
      imports: [ObservabilityModule.forRoot({ service: 'relay' }), OpsEndpointsModule.forRoot({ health: false })],
      controllers: [HealthController],
      providers: [
        { provide: RELAY_CONFIG, useValue: config },
        { provide: RELAY_RESOURCES, useFactory: createRelayResources, inject: [RELAY_CONFIG] },
        { provide: EventRelay, useFactory: (r: RelayResources) => r.relay, inject: [RELAY_RESOURCES] },
        { provide: RelayMetrics, useFactory: (r: RelayResources, m: MetricsRegistry) => new RelayMetrics(r.relay, r.store, m), inject: [RELAY_RESOURCES, MetricsRegistry] },
        RelayLifecycle,
      ],
    };
  }
}
