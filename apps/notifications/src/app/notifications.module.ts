import { Module, type DynamicModule } from '@nestjs/common';
import { EVENT_STORE, EventStoreModule, eventStoreOptionsFromEnv, type EventStore } from '@chronicle/event-store';
import { ObservabilityModule, OpsEndpointsModule } from '@chronicle/observability';
import { DatabaseModule, databaseConfigFrom, PG_POOL } from '@chronicle/postgres';
import { ProjectionsModule } from '@chronicle/projections';
import { DataSource } from 'typeorm';
import { Dispatchers } from './dispatch/dispatchers';
import { PostToChatWhenUserCreatedHandler } from './handlers/post-to-chat-when-user-created.handler';
import { SendApologyEmailWhenOrderRejectedHandler } from './handlers/send-apology-email-when-order-rejected.handler';
import { SendWelcomeEmailWhenUserCreatedHandler } from './handlers/send-welcome-email-when-user-created.handler';
import { DeliveriesAdminController } from './deliveries-admin.controller';
import { HealthController } from './health.controller';
import type { NotificationsConfig } from './notifications.config';
import { NotificationsMetrics } from './notifications.metrics';
import { NotificationsProjection } from './notifications.projection';
import { NOTIFICATIONS_CONFIG } from './notifications.tokens';

@Module({})
export class NotificationsModule {
  static forRoot(config: NotificationsConfig, env: Record<string, string | undefined>): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [
        ObservabilityModule.forRoot({ service: 'notifications' }),
        // Metrics only: its readiness (channels, projection) has a body of its own (HealthController).
        OpsEndpointsModule.forRoot({ health: false }),
        DatabaseModule.forRoot({ applicationName: 'notifications', config: databaseConfigFrom({ ...env, DATABASE_URL: config.databaseUrl }) }),
        EventStoreModule.forRootWithPool(PG_POOL, eventStoreOptionsFromEnv({ ...env, DATABASE_URL: config.databaseUrl })),
        ProjectionsModule.forRootAsync({
          admin: { service: 'notifications' },
          inject: [EVENT_STORE, DataSource],
          useFactory: (eventStore: EventStore, dataSource: DataSource) => ({ eventStore, dataSource }),
        }),
      ],
      controllers: [HealthController, DeliveriesAdminController],
      providers: [
        { provide: NOTIFICATIONS_CONFIG, useValue: config },
        SendWelcomeEmailWhenUserCreatedHandler,
        PostToChatWhenUserCreatedHandler,
        SendApologyEmailWhenOrderRejectedHandler,
        Dispatchers,
        NotificationsMetrics,
        // A provider of this module (not forFeature) so it can inject the handlers; the runtime discovers it.
        NotificationsProjection,
      ],
    };
  }
}
