import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ObservabilityModule, OpsEndpointsModule } from '@chronicle/observability';
import { CqrsModule } from '@nestjs/cqrs';
import { EventSourcingModule, PostgresSnapshotStore } from '@chronicle/event-sourcing';
import { EVENT_STORE, EventStoreModule, type EventStore } from '@chronicle/event-store';
import { DatabaseModule, PG_POOL } from '@chronicle/postgres';
import { inventoryEvents } from '@chronicle/inventory-contracts';
import { warehouseDecider } from '@chronicle/inventory-domain';
import { ProjectionsModule } from '@chronicle/projections';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { inventoryCommandConfig } from './inventory-command.config';
import { InventoryController } from './inventory.controller';
import { AddItemHandler } from './items/add-item.handler';
import { RestockHandler } from './items/restock.handler';
import { InventoryReactor } from './reactions/inventory.reactor';
import { ReleaseStockWhenOrderClosedHandler } from './reactions/release-stock-when-order-closed.handler';
import { ReserveStockWhenOrderPlacedHandler } from './reactions/reserve-stock-when-order-placed.handler';
import { Warehouse, WAREHOUSE_CATEGORY } from './warehouse';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, load: [inventoryCommandConfig] }),
    ObservabilityModule.forRoot({ service: 'inventory-command' }),
    OpsEndpointsModule.forRoot(),
    CqrsModule.forRoot(),
    DatabaseModule.forRoot({ applicationName: 'inventory-command' }),
    EventStoreModule.forRootWithPool(PG_POOL),
    EventSourcingModule.forRoot({
      admin: { service: 'inventory-command' },
      snapshotStore: { inject: [PG_POOL], useFactory: (pool: Pool) => PostgresSnapshotStore.create({ pool }) },
    }),
    EventSourcingModule.forFeature([
      // One hot, long stream holds every SKU: it loads from a snapshot plus at most 99 events.
      { category: WAREHOUSE_CATEGORY, decider: warehouseDecider, events: [...inventoryEvents], snapshots: { every: 100, version: 2 } },
    ]),
    ProjectionsModule.forRootAsync({
      admin: { service: 'inventory-command' },
      inject: [EVENT_STORE, DataSource],
      // 50 events / 10 ms measured best in bench:orders (docs/decisions.md #9); an open batch holds back no other subscriber.
      useFactory: (eventStore: EventStore, dataSource: DataSource) => ({
        eventStore,
        dataSource,
        batchSize: 50,
        maxWaitMs: 10,
      }),
    }),
  ],
  controllers: [InventoryController],
  providers: [
    Warehouse,
    AddItemHandler,
    RestockHandler,
    ReserveStockWhenOrderPlacedHandler,
    ReleaseStockWhenOrderClosedHandler,
    // A provider of this module (not ProjectionsModule.forFeature) so it can inject the reaction handlers; the runtime finds it by its decorator.
    InventoryReactor,
  ],
})
export class InventoryCommandModule {}
