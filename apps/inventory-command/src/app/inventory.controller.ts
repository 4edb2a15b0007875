import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AddItemDto, InventoryCommands, RestockDto, type InventoryCommandReply } from '@chronicle/inventory-contracts';
import { AddItemCommand, RestockCommand } from './inventory.commands';

/** The inventory command service's message patterns: validate, then hand to the command bus. */
@Controller()
export class InventoryController {
  constructor(private readonly commands: CommandBus) {}

  @MessagePattern(InventoryCommands.addItem)
  addItem(@Payload() dto: AddItemDto): Promise<InventoryCommandReply> {
    return this.commands.execute(new AddItemCommand(dto));
  }

  @MessagePattern(InventoryCommands.restock)
  restock(@Payload() dto: RestockDto): Promise<InventoryCommandReply> {
    return this.commands.execute(new RestockCommand(dto));
  }
}
