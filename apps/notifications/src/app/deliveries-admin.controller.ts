import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { adminPatterns, DeliveriesRequest, DeliveryRequest, ServiceError } from '@chronicle/messaging';
import type { DeliveryStatus } from './deliveries/delivery';
import type { DeliveryRecord } from './deliveries/delivery-store';
import { Dispatchers } from './dispatch/dispatchers';

const patterns = adminPatterns('notifications');

/** Operators' view of the outbox over RPC: deliveries by channel and state; a parked one retried or skipped. */
@Controller()
export class DeliveriesAdminController {
  constructor(private readonly dispatchers: Dispatchers) {}

  @MessagePattern(patterns.deliveries)
  async deliveries(@Payload() request: DeliveriesRequest): Promise<{ counts: Array<{ channel: string; state: DeliveryStatus; count: number }>; deliveries: DeliveryRecord[] }> {
    const store = this.dispatchers.store;
    const counts = await store.counts();
    return {
      counts: Object.entries(counts).flatMap(([channel, byState]) =>
        Object.entries(byState)
          .filter(() => !request.channel || channel === request.channel)
          .map(([state, count]) => ({ channel, state: state as DeliveryStatus, count })),
      ),
      deliveries: await store.list({ channel: request.channel, state: request.state as DeliveryStatus | undefined }),
    };
  }

  @MessagePattern(patterns.retryDelivery)
  retry(@Payload() request: DeliveryRequest): Promise<{ id: string; state: DeliveryStatus }> {
    return this.resolve(request.id, 'pending');
  }

  @MessagePattern(patterns.skipDelivery)
  skip(@Payload() request: DeliveryRequest): Promise<{ id: string; state: DeliveryStatus }> {
    return this.resolve(request.id, 'skipped');
  }

  private async resolve(id: string, to: 'pending' | 'skipped'): Promise<{ id: string; state: DeliveryStatus }> {
    const dot = id.indexOf('.');
    const state = await this.dispatchers.store.resolveParked(id.slice(0, dot), id.slice(dot + 1), to);
    if (!state) throw new ServiceError('DELIVERY_NOT_FOUND', `No parked delivery ${id}`, { id });
    return { id, state };
  }
}
