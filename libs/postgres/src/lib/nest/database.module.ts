import { Inject, Logger, Module, type DynamicModule } from '@nestjs/common';
import { probe, readinessCheckProvider } from '@chronicle/observability';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { poolOf } from '../pool-of';
import { connectionSettings, POOL_IDLE_SETTINGS } from '../postgres-pool';
import { databaseConfig, type DatabaseConfig } from './database.config';
import { DatabaseHealth } from './database.health';

/** Injection token of the process's pg Pool (TypeORM's own): the event store, snapshots and stores share it. */
export const PG_POOL = Symbol('PG_POOL');
export const InjectPool = (): PropertyDecorator & ParameterDecorator => Inject(PG_POOL);

export interface DatabaseModuleOptions {
  /** Names the process's connections in pg_stat_activity, e.g. the app's project name. */
  applicationName: string;
  /** Settings to use instead of the environment's (an app built from an explicit environment). */
  config?: DatabaseConfig;
}

function typeOrmOptions(config: DatabaseConfig, applicationName: string): TypeOrmModuleOptions {
  const logger = new Logger('Database');
  let lastLoggedAt = 0;
  return {
    type: 'postgres',
    url: config.url,
    entities: [],
    poolSize: config.poolSize,
    applicationName,
    extra: { ...POOL_IDLE_SETTINGS, ...connectionSettings({ applicationName, connectTimeoutMs: config.connectTimeoutMs }) },
    // An outage breaks every idle connection at once: one line per second is enough.
    poolErrorHandler: (error: Error) => {
      if (Date.now() - lastLoggedAt < 1_000) return;
      lastLoggedAt = Date.now();
      logger.warn(`A database connection broke (${error.message}); the next query reconnects`);
    },
  };
}

/**
 * One way to reach PostgreSQL per process: a TypeORM DataSource (the read-model layer) whose pg
 * Pool is also provided as PG_POOL for everything that speaks SQL directly. Errors of idle
 * connections are logged, never thrown; connecting is bounded by DATABASE_CONNECT_TIMEOUT_MS, so
 * during an outage requests fail fast and later ones reconnect. Import once, in the root module.
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    const { config, applicationName } = options;
    const typeOrm = config
      ? TypeOrmModule.forRoot(typeOrmOptions(config, applicationName))
      : TypeOrmModule.forRootAsync({
          imports: [ConfigModule.forFeature(databaseConfig)],
          inject: [databaseConfig.KEY],
          useFactory: (fromEnvironment: DatabaseConfig) => typeOrmOptions(fromEnvironment, applicationName),
        });
    return {
      module: DatabaseModule,
      global: true,
      imports: [typeOrm],
      providers: [
        { provide: PG_POOL, inject: [DataSource], useFactory: (dataSource: DataSource): Pool => poolOf(dataSource) },
        DatabaseHealth,
        // The app's readiness (when it has ObservabilityModule): PostgreSQL answers within a second.
        readinessCheckProvider('database', [DatabaseHealth], (database: DatabaseHealth) => probe(() => database.ping(1_000))),
      ],
      exports: [TypeOrmModule, PG_POOL, DatabaseHealth],
    };
  }
}
