import { Controller, Get } from '@nestjs/common';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { ReadinessChecks } from './readiness';

/** Kubernetes probes of a service: live while the process answers, ready while every registered check is up (503 otherwise). */
@Controller('health')
export class OpsHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessChecks,
  ) {}

  @Get('live')
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  ready(): Promise<HealthCheckResult> {
    return this.health.check(this.readiness.indicators());
  }
}
