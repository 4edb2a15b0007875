import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { InventoryCommandReply } from '@chronicle/inventory-contracts';
import { RestockCommand } from '../inventory.commands';
import { toReply, Warehouse } from '../warehouse';

@CommandHandler(RestockCommand)
export class RestockHandler implements ICommandHandler<RestockCommand, InventoryCommandReply> {
  constructor(private readonly warehouse: Warehouse) {}

  async execute({ dto }: RestockCommand): Promise<InventoryCommandReply> {
    const result = await this.warehouse.handle({ commandId: dto.commandId, kind: 'Restock', sku: dto.sku, quantity: dto.quantity });
    return toReply(dto.sku, result);
  }
}
