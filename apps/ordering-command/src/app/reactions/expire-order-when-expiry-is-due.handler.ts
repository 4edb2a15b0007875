import { Injectable } from '@nestjs/common';
import { InjectAggregateRepository } from '@chronicle/event-sourcing';
import { OrderingErrorCodes } from '@chronicle/ordering-contracts';
import type { TimerContext, TimerReaction } from '@chronicle/projections';
import { ORDER_CATEGORY, type OrderRepository } from '../order-repository';

/** The timer kind of an order's expiry, keyed by order id. */
export const ORDER_EXPIRY = 'order-expiry';

/**
 * An order's expiry came due: ExpireOrder (a no-op when the order already left PENDING). Its
 * command id comes from the timer, so a timer that fires twice expires the order once.
 */
@Injectable()
export class ExpireOrderWhenExpiryIsDueHandler implements TimerReaction {
  constructor(@InjectAggregateRepository(ORDER_CATEGORY) private readonly orders: OrderRepository) {}

  async fire({ timer, commandId, causation }: TimerContext): Promise<void> {
    const orderId = timer.key;
    try {
      await this.orders.handle(orderId, { commandId: commandId(), kind: 'ExpireOrder', orderId }, causation);
    } catch (error) {
      // A timer for an order that does not exist can never take effect: it is done, not retried for ever.
      if ((error as { code?: unknown }).code !== OrderingErrorCodes.ORDER_NOT_FOUND) throw error;
    }
  }
}
