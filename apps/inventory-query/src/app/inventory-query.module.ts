import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EVENT_STORE, EventStoreModule, type EventStore } from '@chronicle/event-store';
import { ProjectionsModule } from '@chronicle/projections';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { inventoryQueryConfig, inventoryQueryConfigFrom } from './inventory-query.config';
import { InventoryQueryController } from './inventory-query.controller';
import { InventoryReadModel } from './inventory-read-model';
import { InventoryProjection } from './inventory.projection';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, load: [inventoryQueryConfig] }),
    EventStoreModule.forRootAsync(),
    TypeOrmModule.forRootAsync({
      useFactory: () => ({ type: 'postgres', url: inventoryQueryConfigFrom(process.env).databaseUrl, entities: [], poolSize: 10 }),
    }),
    ProjectionsModule.forRootAsync({
      inject: [EVENT_STORE, DataSource],
      // A registry per app instance: the gauges must not clash when tests run several in one process.
      useFactory: (eventStore: EventStore, dataSource: DataSource) => ({ eventStore, dataSource, metricsRegistry: new Registry() }),
    }),
    ProjectionsModule.forFeature([InventoryProjection]),
    TerminusModule,
  ],
  controllers: [InventoryQueryController],
  providers: [InventoryReadModel],
})
export class InventoryQueryModule {}
