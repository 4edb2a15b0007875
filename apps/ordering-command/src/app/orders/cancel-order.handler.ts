import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectAggregateRepository } from '@chronicle/event-sourcing';
import { OrderingErrorCodes, type OrderCommandReply } from '@chronicle/ordering-contracts';
import { OrderingDomainError } from '@chronicle/ordering-domain';
import { ORDER_CATEGORY, toOrderReply, type OrderRepository } from '../order-repository';
import { CancelOrderCommand } from '../ordering.commands';

@CommandHandler(CancelOrderCommand)
export class CancelOrderHandler implements ICommandHandler<CancelOrderCommand, OrderCommandReply> {
  constructor(@InjectAggregateRepository(ORDER_CATEGORY) private readonly orders: OrderRepository) {}

  async execute({ dto }: CancelOrderCommand): Promise<OrderCommandReply> {
    // The customer of an order never changes, so checking it before the command is race free.
    const { state } = await this.orders.load(dto.orderId);
    if (state.status === 'NONE' || (dto.by === 'customer' && state.customerId !== dto.requestedBy)) {
      // Another customer's order reads as missing: its existence is not theirs to learn.
      throw new OrderingDomainError(OrderingErrorCodes.ORDER_NOT_FOUND, `Order ${dto.orderId} does not exist`, { orderId: dto.orderId });
    }
    const result = await this.orders.handle(dto.orderId, { commandId: dto.commandId, kind: 'CancelOrder', orderId: dto.orderId, by: dto.by });
    return toOrderReply(dto.orderId, result);
  }
}
