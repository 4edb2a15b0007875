import type { CancelOrderDto, PlaceOrderDto } from '@chronicle/ordering-contracts';

/** @nestjs/cqrs commands: one per message pattern, carrying the validated payload. */
export class PlaceOrderCommand {
  constructor(readonly dto: PlaceOrderDto) {}
}
export class CancelOrderCommand {
  constructor(readonly dto: CancelOrderDto) {}
}
