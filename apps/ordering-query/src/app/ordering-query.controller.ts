import { Controller, Inject } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { HealthCheckResult } from '@nestjs/terminus';
import {
  GetOrderQueryDto,
  ListOrdersQueryDto,
  OrderingErrorCodes,
  OrderingQueries,
  StuckOrdersQueryDto,
  type OrderingQueryDto,
  type OrderPage,
  type OrderView,
} from '@chronicle/ordering-contracts';
import { ServiceError } from '@chronicle/messaging';
import { Projections, ProjectionsHealthIndicator } from '@chronicle/projections';
import { orderingQueryConfig } from './ordering-query.config';
import { OrdersReadModel } from './orders-read-model';
import { ORDERS_PROJECTION } from './orders.projection';

/** The ordering query service's message patterns. */
@Controller()
export class OrderingQueryController {
  constructor(
    private readonly readModel: OrdersReadModel,
    private readonly projections: Projections,
    private readonly projectionsHealth: ProjectionsHealthIndicator,
    @Inject(orderingQueryConfig.KEY) private readonly config: ConfigType<typeof orderingQueryConfig>,
  ) {}

  @MessagePattern(OrderingQueries.getOrder)
  async getOrder(@Payload() query: GetOrderQueryDto): Promise<OrderView> {
    await this.readYourWrites(query);
    const order = await this.readModel.getOrder(query.orderId, query.customerId);
    // Another customer's order reads as missing.
    if (!order) throw new ServiceError(OrderingErrorCodes.ORDER_NOT_FOUND, `Order ${query.orderId} does not exist`, { orderId: query.orderId });
    return order;
  }

  @MessagePattern(OrderingQueries.listOrders)
  async listOrders(@Payload() query: ListOrdersQueryDto): Promise<OrderPage> {
    await this.readYourWrites(query);
    const page = await this.readModel.listOrders({ limit: query.limit ?? 20, cursor: query.cursor, status: query.status, customerId: query.customerId });
    return page;
  }

  @MessagePattern(OrderingQueries.stuckOrders)
  async stuckOrders(@Payload() query: StuckOrdersQueryDto): Promise<{ orders: OrderView[] }> {
    await this.readYourWrites(query);
    return { orders: await this.readModel.stuckOrders(query.olderThanSeconds, query.limit ?? 100) };
  }

  /** Readiness of the query side: DOWN when the projection is stalled or failed. */
  @MessagePattern(OrderingQueries.health)
  healthCheck(): Promise<HealthCheckResult> {
    return this.projectionsHealth.readiness('projections');
  }

  private readYourWrites(query: OrderingQueryDto): Promise<void> {
    return this.projections.readYourWrites(ORDERS_PROJECTION, query.minPosition, this.config.readYourWritesTimeoutMs);
  }
}
