import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { EventRelay, isRelayReady, type RelayStatus } from '@chronicle/messaging';

/** Kubernetes probes: live while the process answers; ready while NATS is reachable and the relay publishes or stands by. */
@Controller('health')
export class HealthController {
  constructor(@Inject(EventRelay) private readonly relay: EventRelay) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  ready(): RelayStatus {
    const status = this.relay.status();
    if (!isRelayReady(status)) throw new ServiceUnavailableException(status);
    return status;
  }
}
