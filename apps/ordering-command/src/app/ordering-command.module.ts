import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventSourcingModule } from '@chronicle/event-sourcing';
import { EVENT_STORE, EventStoreModule, type EventStore } from '@chronicle/event-store';
import { orderingEvents } from '@chronicle/ordering-contracts';
import { orderDecider } from '@chronicle/ordering-domain';
import { ProjectionsModule } from '@chronicle/projections';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { ORDER_CATEGORY } from './order-repository';
import { orderingCommandConfig, orderingCommandConfigFrom } from './ordering-command.config';
import { OrderingController } from './ordering.controller';
import { CancelOrderHandler } from './orders/cancel-order.handler';
import { PlaceOrderHandler } from './orders/place-order.handler';
import { CancelExpiryWhenOrderSettledHandler } from './reactions/cancel-expiry-when-order-settled.handler';
import { ConfirmOrderWhenStockReservedHandler } from './reactions/confirm-order-when-stock-reserved.handler';
import { OrderingReactionsProjection } from './reactions/ordering-reactions.projection';
import { RejectOrderWhenStockReservationRejectedHandler } from './reactions/reject-order-when-stock-reservation-rejected.handler';
import { ScheduleExpiryWhenOrderPlacedHandler } from './reactions/schedule-expiry-when-order-placed.handler';
import { OrderExpiryPoller } from './timers/order-expiry-poller';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, load: [orderingCommandConfig] }),
    CqrsModule.forRoot(),
    EventStoreModule.forRootAsync(),
    EventSourcingModule.forRoot(),
    EventSourcingModule.forFeature([{ category: ORDER_CATEGORY, decider: orderDecider, events: [...orderingEvents] }]),
    TypeOrmModule.forRootAsync({
      useFactory: () => ({ type: 'postgres', url: orderingCommandConfigFrom(process.env).databaseUrl, entities: [], poolSize: 5 }),
    }),
    ProjectionsModule.forRootAsync({
      inject: [EVENT_STORE, DataSource],
      // Small batches: a batch's transaction stays open while its reactions append, and holds back
      // the delivery of everything appended meanwhile. A registry per app instance (tests run several).
      useFactory: (eventStore: EventStore, dataSource: DataSource) => ({
        eventStore,
        dataSource,
        batchSize: 5,
        maxWaitMs: 10,
        metricsRegistry: new Registry(),
      }),
    }),
    TerminusModule,
  ],
  controllers: [OrderingController],
  providers: [
    // A provider of this module (not ProjectionsModule.forFeature): its reactions need this module's repositories.
    OrderingReactionsProjection,
    PlaceOrderHandler,
    CancelOrderHandler,
    ConfirmOrderWhenStockReservedHandler,
    RejectOrderWhenStockReservationRejectedHandler,
    ScheduleExpiryWhenOrderPlacedHandler,
    CancelExpiryWhenOrderSettledHandler,
    OrderExpiryPoller,
  ],
})
export class OrderingCommandModule {}
