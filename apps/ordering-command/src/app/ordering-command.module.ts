import { Module } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { ObservabilityModule, OpsEndpointsModule } from '@chronicle/observability';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { EventSourcingModule } from '@chronicle/event-sourcing';
import { EVENT_STORE, EventStoreModule, type EventStore } from '@chronicle/event-store';
import { DatabaseModule, PG_POOL } from '@chronicle/postgres';
import { orderingEvents } from '@chronicle/ordering-contracts';
import { orderDecider } from '@chronicle/ordering-domain';
import { ProjectionsModule } from '@chronicle/projections';
import { DataSource } from 'typeorm';
import { ORDER_CATEGORY } from './order-repository';
import { orderingCommandConfig } from './ordering-command.config';
import { OrderingController } from './ordering.controller';
import { CancelOrderHandler } from './orders/cancel-order.handler';
import { PlaceOrderHandler } from './orders/place-order.handler';
import { CancelExpiryWhenOrderSettledHandler } from './reactions/cancel-expiry-when-order-settled.handler';
import { ConfirmOrderWhenStockReservedHandler } from './reactions/confirm-order-when-stock-reserved.handler';
import { ExpireOrderWhenExpiryIsDueHandler } from './reactions/expire-order-when-expiry-is-due.handler';
import { OrderingReactor } from './reactions/ordering.reactor';
import { RejectOrderWhenStockReservationRejectedHandler } from './reactions/reject-order-when-stock-reservation-rejected.handler';
import { ScheduleExpiryWhenOrderPlacedHandler } from './reactions/schedule-expiry-when-order-placed.handler';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, load: [orderingCommandConfig] }),
    ObservabilityModule.forRoot({ service: 'ordering-command' }),
    OpsEndpointsModule.forRoot(),
    CqrsModule.forRoot(),
    DatabaseModule.forRoot({ applicationName: 'ordering-command' }),
    EventStoreModule.forRootWithPool(PG_POOL),
    EventSourcingModule.forRoot({ admin: { service: 'ordering-command' } }),
    EventSourcingModule.forFeature([{ category: ORDER_CATEGORY, decider: orderDecider, events: [...orderingEvents] }]),
    ProjectionsModule.forRootAsync({
      admin: { service: 'ordering-command' },
      inject: [EVENT_STORE, DataSource, orderingCommandConfig.KEY],
      // 50 events / 10 ms measured best in bench:orders (docs/decisions.md #9); an open batch holds
      // back no other subscriber.
      useFactory: (eventStore: EventStore, dataSource: DataSource, config: ConfigType<typeof orderingCommandConfig>) => ({
        eventStore,
        dataSource,
        batchSize: 50,
        maxWaitMs: 10,
        timers: { pollMs: config.orderTimerPollMs },
      }),
    }),
    TerminusModule,
  ],
  controllers: [OrderingController],
  providers: [
    // A provider of this module (not ProjectionsModule.forFeature): its reactions need this module's repositories.
    OrderingReactor,
    PlaceOrderHandler,
    CancelOrderHandler,
    ConfirmOrderWhenStockReservedHandler,
    RejectOrderWhenStockReservationRejectedHandler,
    ScheduleExpiryWhenOrderPlacedHandler,
    CancelExpiryWhenOrderSettledHandler,
    ExpireOrderWhenExpiryIsDueHandler,
  ],
})
export class OrderingCommandModule {}
