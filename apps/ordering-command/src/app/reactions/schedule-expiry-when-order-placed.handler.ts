import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import type { RecordedEvent } from '@chronicle/event-store';
import type { OrderPlaced } from '@chronicle/ordering-contracts';
import type { EntityManager } from 'typeorm';
import { orderingCommandConfig } from '../ordering-command.config';
import { scheduleExpiry } from '../timers/order-expiry-timers';

/**
 * A placed order gets a durable timer: due when the order has been pending for the configured
 * time, counted from when it was recorded (so a replay schedules the same moment).
 */
@Injectable()
export class ScheduleExpiryWhenOrderPlacedHandler {
  constructor(@Inject(orderingCommandConfig.KEY) private readonly config: ConfigType<typeof orderingCommandConfig>) {}

  async react(event: OrderPlaced, recorded: RecordedEvent, manager: EntityManager): Promise<void> {
    await scheduleExpiry(manager, {
      orderId: event.data.orderId,
      dueAt: new Date(recorded.recordedAt.getTime() + this.config.orderPendingTimeoutMs),
      correlationId: recorded.correlationId ?? null,
      sourceEventId: recorded.eventId,
    });
  }
}
