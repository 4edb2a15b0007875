import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ObservabilityModule, OpsEndpointsModule } from '@chronicle/observability';
import { TerminusModule } from '@nestjs/terminus';
import { EVENT_STORE, EventStoreModule, type EventStore } from '@chronicle/event-store';
import { DatabaseModule, PG_POOL } from '@chronicle/postgres';
import { ProjectionsModule } from '@chronicle/projections';
import { DataSource } from 'typeorm';
import { identityQueryConfig } from './identity-query.config';
import { IdentityQueryController } from './identity-query.controller';
import { IdentityReadModel } from './identity-read-model';
import { IdentityProjection } from './identity.projection';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, load: [identityQueryConfig] }),
    ObservabilityModule.forRoot({ service: 'identity-query' }),
    OpsEndpointsModule.forRoot(),
    DatabaseModule.forRoot({ applicationName: 'identity-query' }),
    EventStoreModule.forRootWithPool(PG_POOL),
    ProjectionsModule.forRootAsync({
      admin: { service: 'identity-query' },
      inject: [EVENT_STORE, DataSource],
      useFactory: (eventStore: EventStore, dataSource: DataSource) => ({ eventStore, dataSource }),
    }),
    ProjectionsModule.forFeature([IdentityProjection]),
    TerminusModule,
  ],
  controllers: [IdentityQueryController],
  providers: [IdentityReadModel],
})
export class IdentityQueryModule {}
