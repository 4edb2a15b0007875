import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { MetricsController } from './metrics.controller';
import { OpsHealthController } from './ops-health.controller';

export interface OpsEndpointsOptions {
  /** Serve GET /health/live and /health/ready from the registered ReadinessChecks (default true; false where the app has health routes of its own). */
  health?: boolean;
}

/** The ops HTTP routes of an app: GET /metrics, and unless told otherwise /health/live and /health/ready. Needs ObservabilityModule. */
@Module({})
export class OpsEndpointsModule {
  static forRoot(options: OpsEndpointsOptions = {}): DynamicModule {
    const health = options.health !== false;
    return {
      module: OpsEndpointsModule,
      imports: health ? [TerminusModule.forRoot({ logger: false })] : [],
      controllers: health ? [OpsHealthController, MetricsController] : [MetricsController],
    };
  }
}
