import { Controller, Inject } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import {
  GetOrderQueryDto,
  ListOrdersQueryDto,
  OrderingErrorCodes,
  OrderingQueries,
  type OrderingQueryDto,
  type OrderPage,
  type OrderView,
} from '@chronicle/ordering-contracts';
import { PlatformErrorCodes } from '@chronicle/messaging';
import { Projections, ProjectionsHealthIndicator, WaitForPositionTimeoutError } from '@chronicle/projections';
import { orderingQueryConfig } from './ordering-query.config';
import { OrdersReadModel } from './orders-read-model';
import { ORDERS_PROJECTION } from './orders.projection';

/** A query error with a stable code (sent back by the RpcErrorFilter). */
class QueryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The ordering query service's message patterns. */
@Controller()
export class OrderingQueryController {
  constructor(
    private readonly readModel: OrdersReadModel,
    private readonly projections: Projections,
    private readonly health: HealthCheckService,
    private readonly projectionsHealth: ProjectionsHealthIndicator,
    @Inject(orderingQueryConfig.KEY) private readonly config: ConfigType<typeof orderingQueryConfig>,
  ) {}

  @MessagePattern(OrderingQueries.getOrder)
  async getOrder(@Payload() query: GetOrderQueryDto): Promise<OrderView> {
    await this.readYourWrites(query);
    const order = await this.readModel.getOrder(query.orderId, query.customerId);
    // Another customer's order reads as missing.
    if (!order) throw new QueryError(OrderingErrorCodes.ORDER_NOT_FOUND, `Order ${query.orderId} does not exist`, { orderId: query.orderId });
    return order;
  }

  @MessagePattern(OrderingQueries.listOrders)
  async listOrders(@Payload() query: ListOrdersQueryDto): Promise<OrderPage> {
    await this.readYourWrites(query);
    const page = await this.readModel.listOrders({ limit: query.limit ?? 20, cursor: query.cursor, status: query.status, customerId: query.customerId });
    if (!page) throw new QueryError(PlatformErrorCodes.VALIDATION_FAILED, 'The cursor is not valid', { fields: { cursor: ['invalid cursor'] } });
    return page;
  }

  /** Readiness of the query side: DOWN when the projection is stalled or failed. */
  @MessagePattern(OrderingQueries.health)
  async healthCheck(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.projectionsHealth.isHealthy('projections')]);
    } catch (error) {
      const response = (error as { getResponse?: () => unknown }).getResponse?.();
      if (response) return response as HealthCheckResult;
      throw error;
    }
  }

  private async readYourWrites(query: OrderingQueryDto): Promise<void> {
    if (query.minPosition === undefined) return;
    try {
      await this.projections.waitForPosition(ORDERS_PROJECTION, BigInt(query.minPosition), this.config.readYourWritesTimeoutMs);
    } catch (error) {
      if (!(error instanceof WaitForPositionTimeoutError)) throw error;
      throw new QueryError(PlatformErrorCodes.PROJECTION_LAGGING, `The read model has not reached position ${query.minPosition} yet`, {
        minPosition: query.minPosition,
        timeoutMs: this.config.readYourWritesTimeoutMs,
      });
    }
  }
}
