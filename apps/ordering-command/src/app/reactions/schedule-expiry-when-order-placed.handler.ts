import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import type { OrderPlaced } from '@chronicle/ordering-contracts';
import type { Reaction, ReactionContext } from '@chronicle/projections';
import { orderingCommandConfig } from '../ordering-command.config';
import { ORDER_EXPIRY } from './expire-order-when-expiry-is-due.handler';

/**
 * A placed order gets a durable timer: due when the order has been pending for the configured
 * time, counted from when it was recorded (so a redelivery schedules the same moment).
 */
@Injectable()
export class ScheduleExpiryWhenOrderPlacedHandler implements Reaction<OrderPlaced> {
  constructor(@Inject(orderingCommandConfig.KEY) private readonly config: ConfigType<typeof orderingCommandConfig>) {}

  async react({ event, recorded, timers }: ReactionContext<OrderPlaced>): Promise<void> {
    timers.schedule({ kind: ORDER_EXPIRY, key: event.data.orderId, dueAt: new Date(recorded.recordedAt.getTime() + this.config.orderPendingTimeoutMs) });
  }
}
