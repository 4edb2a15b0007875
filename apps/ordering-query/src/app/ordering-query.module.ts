import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ObservabilityModule, OpsEndpointsModule } from '@chronicle/observability';
import { TerminusModule } from '@nestjs/terminus';
import { EVENT_STORE, EventStoreModule, type EventStore } from '@chronicle/event-store';
import { DatabaseModule, PG_POOL } from '@chronicle/postgres';
import { ProjectionsModule } from '@chronicle/projections';
import { DataSource } from 'typeorm';
import { orderingQueryConfig } from './ordering-query.config';
import { OrderingQueryController } from './ordering-query.controller';
import { OrdersReadModel } from './orders-read-model';
import { OrdersProjection } from './orders.projection';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, load: [orderingQueryConfig] }),
    ObservabilityModule.forRoot({ service: 'ordering-query' }),
    OpsEndpointsModule.forRoot(),
    DatabaseModule.forRoot({ applicationName: 'ordering-query' }),
    EventStoreModule.forRootWithPool(PG_POOL),
    ProjectionsModule.forRootAsync({
      admin: { service: 'ordering-query' },
      inject: [EVENT_STORE, DataSource],
      useFactory: (eventStore: EventStore, dataSource: DataSource) => ({ eventStore, dataSource }),
    }),
    ProjectionsModule.forFeature([OrdersProjection]),
    TerminusModule,
  ],
  controllers: [OrderingQueryController],
  providers: [OrdersReadModel],
})
export class OrderingQueryModule {}
