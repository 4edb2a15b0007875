import { Controller, Inject } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import {
  GetItemQueryDto,
  InventoryErrorCodes,
  InventoryQueries,
  ListItemsQueryDto,
  type InventoryQueryDto,
  type ItemPage,
  type ItemView,
} from '@chronicle/inventory-contracts';
import { PlatformErrorCodes } from '@chronicle/messaging';
import { Projections, ProjectionsHealthIndicator, WaitForPositionTimeoutError } from '@chronicle/projections';
import { inventoryQueryConfig } from './inventory-query.config';
import { InventoryReadModel } from './inventory-read-model';
import { INVENTORY_PROJECTION } from './inventory.projection';

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

/** The inventory query service's message patterns. */
@Controller()
export class InventoryQueryController {
  constructor(
    private readonly readModel: InventoryReadModel,
    private readonly projections: Projections,
    private readonly health: HealthCheckService,
    private readonly projectionsHealth: ProjectionsHealthIndicator,
    @Inject(inventoryQueryConfig.KEY) private readonly config: ConfigType<typeof inventoryQueryConfig>,
  ) {}

  @MessagePattern(InventoryQueries.getItem)
  async getItem(@Payload() query: GetItemQueryDto): Promise<ItemView> {
    await this.readYourWrites(query);
    const item = await this.readModel.getItem(query.sku);
    if (!item) throw new QueryError(InventoryErrorCodes.ITEM_NOT_FOUND, `Item ${query.sku} does not exist`, { sku: query.sku });
    return item;
  }

  @MessagePattern(InventoryQueries.listItems)
  async listItems(@Payload() query: ListItemsQueryDto): Promise<ItemPage> {
    await this.readYourWrites(query);
    const page = await this.readModel.listItems({ limit: query.limit ?? 20, cursor: query.cursor });
    if (!page) throw new QueryError(PlatformErrorCodes.VALIDATION_FAILED, 'The cursor is not valid', { fields: { cursor: ['invalid cursor'] } });
    return page;
  }

  /** Readiness of the query side: DOWN when a projection is stalled or failed. */
  @MessagePattern(InventoryQueries.health)
  async healthCheck(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.projectionsHealth.isHealthy('projections')]);
    } catch (error) {
      const response = (error as { getResponse?: () => unknown }).getResponse?.();
      if (response) return response as HealthCheckResult;
      throw error;
    }
  }

  private async readYourWrites(query: InventoryQueryDto): Promise<void> {
    if (query.minPosition === undefined) return;
    try {
      await this.projections.waitForPosition(INVENTORY_PROJECTION, BigInt(query.minPosition), this.config.readYourWritesTimeoutMs);
    } catch (error) {
      if (!(error instanceof WaitForPositionTimeoutError)) throw error;
      throw new QueryError(PlatformErrorCodes.PROJECTION_LAGGING, `The read model has not reached position ${query.minPosition} yet`, {
        minPosition: query.minPosition,
        timeoutMs: this.config.readYourWritesTimeoutMs,
      });
    }
  }
}
