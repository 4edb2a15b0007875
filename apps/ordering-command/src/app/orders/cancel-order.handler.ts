import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectAggregateRepository } from '@chronicle/event-sourcing';
import type { OrderCommandReply } from '@chronicle/ordering-contracts';
import { ORDER_CATEGORY, toOrderReply, type OrderRepository } from '../order-repository';
import { CancelOrderCommand } from '../ordering.commands';

@CommandHandler(CancelOrderCommand)
export class CancelOrderHandler implements ICommandHandler<CancelOrderCommand, OrderCommandReply> {
  constructor(@InjectAggregateRepository(ORDER_CATEGORY) private readonly orders: OrderRepository) {}

  async execute({ dto }: CancelOrderCommand): Promise<OrderCommandReply> {
    const { orderId, by, requestedBy } = dto;
    const result = await this.orders.handle(orderId, { commandId: dto.commandId, kind: 'CancelOrder', orderId, by, requestedBy });
    return toOrderReply(orderId, result);
  }
}
