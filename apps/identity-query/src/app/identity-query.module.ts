import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EVENT_STORE, EventStoreModule, type EventStore } from '@chronicle/event-store';
import { ProjectionsModule } from '@chronicle/projections';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { identityQueryConfig, identityQueryConfigFrom } from './identity-query.config';
import { IdentityQueryController } from './identity-query.controller';
import { IdentityReadModel } from './identity-read-model';
import { IdentityProjection } from './identity.projection';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, load: [identityQueryConfig] }),
    EventStoreModule.forRootAsync(),
    TypeOrmModule.forRootAsync({
      useFactory: () => ({ type: 'postgres', url: identityQueryConfigFrom(process.env).databaseUrl, entities: [], poolSize: 10 }),
    }),
    ProjectionsModule.forRootAsync({
      inject: [EVENT_STORE, DataSource],
      // A registry per app instance: the gauges must not clash when tests run several in one process.
      useFactory: (eventStore: EventStore, dataSource: DataSource) => ({ eventStore, dataSource, metricsRegistry: new Registry() }),
    }),
    ProjectionsModule.forFeature([IdentityProjection]),
    TerminusModule,
  ],
  controllers: [IdentityQueryController],
  providers: [IdentityReadModel],
})
export class IdentityQueryModule {}
