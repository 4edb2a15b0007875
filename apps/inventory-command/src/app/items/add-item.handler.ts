import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { InventoryCommandReply } from '@chronicle/inventory-contracts';
import { AddItemCommand } from '../inventory.commands';
import { toReply, Warehouse } from '../warehouse';

@CommandHandler(AddItemCommand)
export class AddItemHandler implements ICommandHandler<AddItemCommand, InventoryCommandReply> {
  constructor(private readonly warehouse: Warehouse) {}

  async execute({ dto }: AddItemCommand): Promise<InventoryCommandReply> {
    const result = await this.warehouse.handle({ commandId: dto.commandId, kind: 'AddItem', sku: dto.sku, name: dto.name, quantity: dto.quantity });
    return toReply(dto.sku, result);
  }
}
