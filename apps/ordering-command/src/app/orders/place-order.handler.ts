import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectAggregateRepository } from '@chronicle/event-sourcing';
import type { OrderCommandReply } from '@chronicle/ordering-contracts';
import { ORDER_CATEGORY, orderIdFromCommand, toOrderReply, type OrderRepository } from '../order-repository';
import { PlaceOrderCommand } from '../ordering.commands';

@CommandHandler(PlaceOrderCommand)
export class PlaceOrderHandler implements ICommandHandler<PlaceOrderCommand, OrderCommandReply> {
  constructor(@InjectAggregateRepository(ORDER_CATEGORY) private readonly orders: OrderRepository) {}

  async execute({ dto }: PlaceOrderCommand): Promise<OrderCommandReply> {
    const orderId = dto.orderId ?? orderIdFromCommand(dto.commandId);
    const result = await this.orders.handle(orderId, {
      commandId: dto.commandId,
      kind: 'PlaceOrder',
      orderId,
      customerId: dto.customerId,
      lines: dto.lines.map(({ sku, quantity }) => ({ sku, quantity })),
    });
    return toOrderReply(orderId, result);
  }
}
