import { Injectable } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult, type HealthIndicatorResult } from '@nestjs/terminus';
import { Projections } from '../projections';

/**
 * Terminus indicator: DOWN when any partition of any projection is stalled or failed
 * (including a partition whose runner died and nobody took over). Use it in readiness.
 */
@Injectable()
export class ProjectionsHealthIndicator {
  constructor(
    private readonly projections: Projections,
    private readonly health: HealthIndicatorService,
    private readonly checks: HealthCheckService,
  ) {}

  /**
   * The readiness result a service answers its health message with: terminus' report, UP or
   * DOWN, returned rather than thrown (a DOWN service must still answer the question).
   */
  async readiness(key = 'projections'): Promise<HealthCheckResult> {
    try {
      return await this.checks.check([() => this.isHealthy(key)]);
    } catch (error) {
      const response = (error as { getResponse?: () => unknown }).getResponse?.();
      if (response) return response as HealthCheckResult;
      throw error;
    }
  }

  async isHealthy(key = 'projections'): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    const statuses = await this.projections.status();
    const details = statuses.map((s) => ({
      projection: s.projection,
      partition: s.partition,
      version: s.version,
      state: s.state,
      owner: s.owner,
      lagPositions: s.lagPositions.toString(),
      lagEvents: s.lagEvents,
      lagSeconds: Math.round(s.lagSeconds * 10) / 10,
      dlqDepth: s.dlqDepth,
      ...(s.lastError ? { lastError: s.lastError } : {}),
    }));
    const bad = statuses.filter((s) => s.state === 'stalled' || s.state === 'failed');
    return bad.length ? indicator.down({ partitions: details }) : indicator.up({ partitions: details });
  }
}
