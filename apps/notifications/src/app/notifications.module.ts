import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EVENT_STORE, EventStoreModule, eventStoreOptionsFromEnv, type EventStore } from '@chronicle/event-store';
import { ProjectionsModule } from '@chronicle/projections';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { Dispatchers } from './dispatch/dispatchers';
import { PostToChatWhenUserCreatedHandler } from './handlers/post-to-chat-when-user-created.handler';
import { SendApologyEmailWhenOrderRejectedHandler } from './handlers/send-apology-email-when-order-rejected.handler';
import { SendWelcomeEmailWhenUserCreatedHandler } from './handlers/send-welcome-email-when-user-created.handler';
import { HealthController } from './health.controller';
import type { NotificationsConfig } from './notifications.config';
import { NotificationsProjection } from './notifications.projection';
import { NOTIFICATIONS_CONFIG } from './notifications.tokens';

@Module({})
export class NotificationsModule {
  static forRoot(config: NotificationsConfig, env: Record<string, string | undefined>): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [
        EventStoreModule.forRoot(eventStoreOptionsFromEnv({ ...env, DATABASE_URL: config.databaseUrl })),
        TypeOrmModule.forRootAsync({ useFactory: () => ({ type: 'postgres', url: config.databaseUrl, entities: [], poolSize: 6 }) }),
        ProjectionsModule.forRootAsync({
          inject: [EVENT_STORE, DataSource],
          // A registry per app instance: the gauges must not clash when tests run several in one process.
          useFactory: (eventStore: EventStore, dataSource: DataSource) => ({ eventStore, dataSource, metricsRegistry: new Registry() }),
        }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: NOTIFICATIONS_CONFIG, useValue: config },
        SendWelcomeEmailWhenUserCreatedHandler,
        PostToChatWhenUserCreatedHandler,
        SendApologyEmailWhenOrderRejectedHandler,
        Dispatchers,
        // A provider of this module (not forFeature) so it can inject the handlers; the runtime discovers it.
        NotificationsProjection,
      ],
    };
  }
}
