import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { HealthCheckResult } from '@nestjs/terminus';
import { CancelOrderDto, OrderingCommands, PlaceOrderDto, type OrderCommandReply } from '@chronicle/ordering-contracts';
import { ProjectionsHealthIndicator } from '@chronicle/projections';
import { CancelOrderCommand, PlaceOrderCommand } from './ordering.commands';

/** The ordering command service's message patterns: validate, then hand to the command bus. */
@Controller()
export class OrderingController {
  constructor(
    private readonly commands: CommandBus,
    private readonly projectionsHealth: ProjectionsHealthIndicator,
  ) {}

  @MessagePattern(OrderingCommands.placeOrder)
  placeOrder(@Payload() dto: PlaceOrderDto): Promise<OrderCommandReply> {
    return this.commands.execute(new PlaceOrderCommand(dto));
  }

  @MessagePattern(OrderingCommands.cancelOrder)
  cancelOrder(@Payload() dto: CancelOrderDto): Promise<OrderCommandReply> {
    return this.commands.execute(new CancelOrderCommand(dto));
  }

  /** Readiness of the saga's reactions: DOWN when they are stalled or failed. */
  @MessagePattern(OrderingCommands.health)
  healthCheck(): Promise<HealthCheckResult> {
    return this.projectionsHealth.readiness('reactions');
  }
}
