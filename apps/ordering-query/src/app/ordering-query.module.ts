import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EVENT_STORE, EventStoreModule, type EventStore } from '@chronicle/event-store';
import { ProjectionsModule } from '@chronicle/projections';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { orderingQueryConfig, orderingQueryConfigFrom } from './ordering-query.config';
import { OrderingQueryController } from './ordering-query.controller';
import { OrdersReadModel } from './orders-read-model';
import { OrdersProjection } from './orders.projection';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, load: [orderingQueryConfig] }),
    EventStoreModule.forRootAsync(),
    TypeOrmModule.forRootAsync({
      useFactory: () => ({ type: 'postgres', url: orderingQueryConfigFrom(process.env).databaseUrl, entities: [], poolSize: 10 }),
    }),
    ProjectionsModule.forRootAsync({
      inject: [EVENT_STORE, DataSource],
      // A registry per app instance: the gauges must not clash when tests run several in one process.
      useFactory: (eventStore: EventStore, dataSource: DataSource) => ({ eventStore, dataSource, metricsRegistry: new Registry() }),
    }),
    ProjectionsModule.forFeature([OrdersProjection]),
    TerminusModule,
  ],
  controllers: [OrderingQueryController],
  providers: [OrdersReadModel],
})
export class OrderingQueryModule {}
