import { Injectable } from '@nestjs/common';
import type { OrderRejected } from '@chronicle/ordering-contracts';
import type { DeliveryDraft, DeliverySkip } from '../deliveries/delivery';
import { renderTemplateFile } from '../templates/template-renderer';
import type { NotificationLookup } from './notification-lookup';

/** A customer whose order was rejected gets an apology naming the items. */
@Injectable()
export class SendApologyEmailWhenOrderRejectedHandler {
  readonly name = 'send-apology-email-when-order-rejected';

  async draft(event: OrderRejected['data'], lookup: NotificationLookup): Promise<DeliveryDraft | DeliverySkip> {
    const order = await lookup.order(event.orderId);
    if (!order) return { channel: 'email', skipped: `order ${event.orderId} was never placed (no OrderPlaced seen)` };
    const customer = await lookup.recipient(order.customerId);
    if (!customer) return { channel: 'email', skipped: `customer ${order.customerId} is unknown or deleted` };
    const values = {
      name: customer.name,
      orderRef: event.orderId,
      reason: event.reason,
      items: order.lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
    };
    return {
      channel: 'email',
      recipient: customer.email,
      message: {
        to: customer.email,
        subject: renderTemplateFile('order-rejected-apology.subject.txt', values).trim(),
        text: renderTemplateFile('order-rejected-apology.text.txt', values),
        html: renderTemplateFile('order-rejected-apology.html', values),
      },
    };
  }
}
