import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ObservabilityModule, OpsEndpointsModule } from '@chronicle/observability';
import { TerminusModule } from '@nestjs/terminus';
import { EVENT_STORE, EventStoreModule, type EventStore } from '@chronicle/event-store';
import { DatabaseModule, PG_POOL } from '@chronicle/postgres';
import { ProjectionsModule } from '@chronicle/projections';
import { DataSource } from 'typeorm';
import { inventoryQueryConfig } from './inventory-query.config';
import { InventoryQueryController } from './inventory-query.controller';
import { InventoryReadModel } from './inventory-read-model';
import { InventoryProjection } from './inventory.projection';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, load: [inventoryQueryConfig] }),
    ObservabilityModule.forRoot({ service: 'inventory-query' }),
    OpsEndpointsModule.forRoot(),
    DatabaseModule.forRoot({ applicationName: 'inventory-query' }),
    EventStoreModule.forRootWithPool(PG_POOL),
    ProjectionsModule.forRootAsync({
      admin: { service: 'inventory-query' },
      inject: [EVENT_STORE, DataSource],
      useFactory: (eventStore: EventStore, dataSource: DataSource) => ({ eventStore, dataSource }),
    }),
    ProjectionsModule.forFeature([InventoryProjection]),
    TerminusModule,
  ],
  controllers: [InventoryQueryController],
  providers: [InventoryReadModel],
})
export class InventoryQueryModule {}
