import { Injectable } from '@nestjs/common';
import type { OrderCancelled, OrderConfirmed, OrderExpired, OrderRejected } from '@chronicle/ordering-contracts';
import type { EntityManager } from 'typeorm';
import { cancelExpiry } from '../timers/order-expiry-timers';

/** An order that left PENDING (confirmed, rejected, cancelled or expired) needs its timer no more. */
@Injectable()
export class CancelExpiryWhenOrderSettledHandler {
  async react(event: OrderConfirmed | OrderRejected | OrderCancelled | OrderExpired, manager: EntityManager): Promise<void> {
    await cancelExpiry(manager, event.data.orderId);
  }
}
