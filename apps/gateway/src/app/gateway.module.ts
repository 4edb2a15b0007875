import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { EventStoreModule } from '@chronicle/event-store';
import { ObservabilityModule } from '@chronicle/observability';
import { DatabaseModule, PG_POOL } from '@chronicle/postgres';
import { AdminModule } from './admin/admin.module';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { isNotLoginHandler } from './auth/login-throttle';
import { EventsController } from './events/events.controller';
import { gatewayConfig, type GatewayConfig } from './gateway.config';
import { GatewayGraphqlModule } from './graphql/gateway-graphql.module';
import { HealthController } from './health/health.controller';
import { GatewayThrottlerGuard } from './http/gateway-throttler.guard';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { RepresentationHeadersInterceptor } from './http/representation-headers.interceptor';
import { createHttpValidationPipe } from './http/validation.pipe';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyStore } from './idempotency/idempotency.store';
import { IdentityModule } from './identity/identity.module';
import { InventoryController } from './inventory/inventory.controller';
import { InventoryModule } from './inventory/inventory.module';
import { OrderingModule } from './orders/ordering.module';
import { OrdersController } from './orders/orders.controller';
import { SagasController } from './sagas/sagas.controller';
import { SagasModule } from './sagas/sagas.module';
import { MetricsController } from './metrics/metrics.controller';
import { GatewayMetrics } from './metrics/metrics';
import { RolesController } from './roles/roles.controller';
import { UsersController } from './users/users.controller';
import { ConsoleModule } from './console/console.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, load: [gatewayConfig] }),
    ObservabilityModule.forRoot({ service: 'gateway' }),
    DatabaseModule.forRoot({ applicationName: 'gateway' }),
    EventStoreModule.forRootWithPool(PG_POOL),
    ThrottlerModule.forRootAsync({
      inject: [gatewayConfig.KEY],
      useFactory: ({ throttle }: GatewayConfig) => ({
        throttlers: [
          { name: 'default', ttl: throttle.ttlMs, limit: throttle.limit },
          { name: 'login', ttl: throttle.ttlMs, limit: throttle.loginLimit, skipIf: isNotLoginHandler },
        ],
      }),
    }),
    TerminusModule.forRoot({ logger: false }),
    IdentityModule,
    InventoryModule,
    OrderingModule,
    SagasModule,
    AdminModule,
    AuthModule,
    GatewayGraphqlModule,
    ConsoleModule,
  ],
  controllers: [UsersController, RolesController, InventoryController, OrdersController, SagasController, EventsController, HealthController, MetricsController],
  providers: [
    IdempotencyStore,
    GatewayMetrics,
    // Order matters: throttle first (cheap), then authenticate.
    { provide: APP_GUARD, useClass: GatewayThrottlerGuard },
    { provide: APP_GUARD, useClass: AuthGuard },
    // Outermost first: idempotency stores the response after the headers are set.
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
    { provide: APP_INTERCEPTOR, useClass: RepresentationHeadersInterceptor },
    { provide: APP_PIPE, useFactory: createHttpValidationPipe },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
  ],
})
export class GatewayModule {}
