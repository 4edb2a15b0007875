import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { CancelOrderDto, OrderingCommands, PlaceOrderDto, type OrderCommandReply } from '@chronicle/ordering-contracts';
import { ProjectionsHealthIndicator } from '@chronicle/projections';
import { CancelOrderCommand, PlaceOrderCommand } from './ordering.commands';

/** The ordering command service's message patterns: validate, then hand to the command bus. */
@Controller()
export class OrderingController {
  constructor(
    private readonly commands: CommandBus,
    private readonly health: HealthCheckService,
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
  async healthCheck(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.projectionsHealth.isHealthy('reactions')]);
    } catch (error) {
      const response = (error as { getResponse?: () => unknown }).getResponse?.();
      if (response) return response as HealthCheckResult;
      throw error;
    }
  }
}
