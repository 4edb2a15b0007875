import type { AddItemDto, RestockDto } from '@chronicle/inventory-contracts';

/** @nestjs/cqrs commands: one per message pattern, carrying the validated payload. */
export class AddItemCommand {
  constructor(readonly dto: AddItemDto) {}
}
export class RestockCommand {
  constructor(readonly dto: RestockDto) {}
}
