import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { Projections, type ProjectionState } from '@chronicle/projections';
import type { DeliveryStatus } from './deliveries/delivery';
import type { ChannelStatus } from './dispatch/channel-dispatcher';
import { Dispatchers } from './dispatch/dispatchers';

export interface NotificationsReadiness {
  /** degraded: a channel's breaker is not closed (its deliveries wait), or the projection is stalled or failed. */
  status: 'ok' | 'degraded';
  channels: Array<ChannelStatus & { deliveries: Record<DeliveryStatus, number> }>;
  projection: Array<{ partition: number; state: ProjectionState; lagPositions: string; dlqDepth: number; lastError?: string }>;
}

const PROJECTION_DOWN: ProjectionState[] = ['stalled', 'failed'];

/** Kubernetes probes: live while the process answers; ready (200) while every channel delivers and the projection runs. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly dispatchers: Dispatchers,
    private readonly projections: Projections,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<NotificationsReadiness> {
    const [counts, statuses] = await Promise.all([this.dispatchers.store.counts(), this.projections.status()]).catch((error: Error) => {
      throw new ServiceUnavailableException({ status: 'degraded', error: `database: ${error.message}` });
    });
    const channels = this.dispatchers.status().map((c) => ({ ...c, deliveries: counts[c.channel] }));
    const projection = statuses.map((s) => ({
      partition: s.partition,
      state: s.state,
      lagPositions: s.lagPositions.toString(),
      dlqDepth: s.dlqDepth,
      ...(s.lastError ? { lastError: s.lastError } : {}),
    }));
    const degraded = channels.some((c) => c.state === 'degraded') || projection.some((p) => PROJECTION_DOWN.includes(p.state));
    const body: NotificationsReadiness = { status: degraded ? 'degraded' : 'ok', channels, projection };
    if (degraded) throw new ServiceUnavailableException(body);
    return body;
  }
}
