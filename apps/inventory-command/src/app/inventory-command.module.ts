import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventSourcingModule, PostgresSnapshotStore } from '@chronicle/event-sourcing';
import { EVENT_STORE, EventStoreModule, type EventStore } from '@chronicle/event-store';
import { inventoryEvents } from '@chronicle/inventory-contracts';
import { warehouseDecider } from '@chronicle/inventory-domain';
import { ProjectionsModule } from '@chronicle/projections';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { inventoryCommandConfig, inventoryCommandConfigFrom } from './inventory-command.config';
import { InventoryController } from './inventory.controller';
import { AddItemHandler } from './items/add-item.handler';
import { RestockHandler } from './items/restock.handler';
import { InventoryReactionsProjection } from './reactions/inventory-reactions.projection';
import { ReleaseStockWhenOrderClosedHandler } from './reactions/release-stock-when-order-closed.handler';
import { ReserveStockWhenOrderPlacedHandler } from './reactions/reserve-stock-when-order-placed.handler';
import { Warehouse, WAREHOUSE_CATEGORY } from './warehouse';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, load: [inventoryCommandConfig] }),
    CqrsModule.forRoot(),
    EventStoreModule.forRootAsync(),
    EventSourcingModule.forRoot({
      snapshotStore: () => PostgresSnapshotStore.create({ connectionString: inventoryCommandConfig().databaseUrl }),
    }),
    EventSourcingModule.forFeature([
      // One hot, long stream holds every SKU: it loads from a snapshot plus at most 99 events.
      { category: WAREHOUSE_CATEGORY, decider: warehouseDecider, events: [...inventoryEvents], snapshots: { every: 100, version: 2 } },
    ]),
    TypeOrmModule.forRootAsync({
      useFactory: () => ({ type: 'postgres', url: inventoryCommandConfigFrom(process.env).databaseUrl, entities: [], poolSize: 4 }),
    }),
    ProjectionsModule.forRootAsync({
      inject: [EVENT_STORE, DataSource],
      // Small, short batches: a batch's transaction stays open while its reactions append, and holds back the read horizon meanwhile.
      useFactory: (eventStore: EventStore, dataSource: DataSource) => ({
        eventStore,
        dataSource,
        batchSize: 5,
        maxWaitMs: 10,
        metricsRegistry: new Registry(),
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
    InventoryReactionsProjection,
  ],
})
export class InventoryCommandModule {}
