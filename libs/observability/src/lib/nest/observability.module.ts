import { Injectable, Module, type DynamicModule, type INestApplication, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule, registerAs } from '@nestjs/config';
import { Logger, LoggerModule } from 'nestjs-pino';
import { loggerParams } from '../logging/logger-params';
import { loggingConfigFrom, type LoggingConfig } from '../logging/logging.config';
import { MetricsRegistry } from '../metrics/metrics-registry';
import { ReadinessChecks } from '../ops/readiness';
import { currentTracing } from '../tracing/start-tracing';

export const loggingConfig = registerAs('logging', () => loggingConfigFrom(process.env));

export interface ObservabilityModuleOptions {
  /** The app's project name: the `service` of its log lines and metrics. */
  service: string;
}

/** The last spans of an app that stops are exported, not lost with the process. */
@Injectable()
class TraceFlush implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await currentTracing()?.flush();
  }
}

/**
 * Logs (nestjs-pino: JSON lines with trace and correlation ids), the app's metrics registry and
 * its readiness checks; global, imported once in the app's root module. Make the app log through
 * it with `useStructuredLogging(app)`.
 */
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityModuleOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      imports: [
        LoggerModule.forRootAsync({
          imports: [ConfigModule.forFeature(loggingConfig)],
          inject: [loggingConfig.KEY],
          useFactory: (config: LoggingConfig) => loggerParams(options.service, config),
        }),
      ],
      providers: [
        // Factories, not values: each app instance gets its own (tests run several in one process).
        { provide: MetricsRegistry, useFactory: () => new MetricsRegistry(options.service) },
        { provide: ReadinessChecks, useFactory: () => new ReadinessChecks() },
        TraceFlush,
      ],
      exports: [MetricsRegistry, ReadinessChecks],
    };
  }
}

/** Makes `app` (created with `bufferLogs: true`) log through nestjs-pino, the buffered start-up lines included. */
export function useStructuredLogging(app: Pick<INestApplication, 'get' | 'useLogger'>): void {
  app.useLogger(app.get(Logger));
}
