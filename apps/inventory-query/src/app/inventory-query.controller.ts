import { Controller, Inject } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { HealthCheckResult } from '@nestjs/terminus';
import {
  GetItemQueryDto,
  InventoryErrorCodes,
  InventoryQueries,
  ListItemsQueryDto,
  type InventoryQueryDto,
  type ItemPage,
  type ItemView,
} from '@chronicle/inventory-contracts';
import { ServiceError } from '@chronicle/messaging';
import { Projections, ProjectionsHealthIndicator } from '@chronicle/projections';
import { inventoryQueryConfig } from './inventory-query.config';
import { InventoryReadModel } from './inventory-read-model';
import { INVENTORY_PROJECTION } from './inventory.projection';

/** The inventory query service's message patterns. */
@Controller()
export class InventoryQueryController {
  constructor(
    private readonly readModel: InventoryReadModel,
    private readonly projections: Projections,
    private readonly projectionsHealth: ProjectionsHealthIndicator,
    @Inject(inventoryQueryConfig.KEY) private readonly config: ConfigType<typeof inventoryQueryConfig>,
  ) {}

  @MessagePattern(InventoryQueries.getItem)
  async getItem(@Payload() query: GetItemQueryDto): Promise<ItemView> {
    await this.readYourWrites(query);
    const item = await this.readModel.getItem(query.sku);
    if (!item) throw new ServiceError(InventoryErrorCodes.ITEM_NOT_FOUND, `Item ${query.sku} does not exist`, { sku: query.sku });
    return item;
  }

  @MessagePattern(InventoryQueries.listItems)
  async listItems(@Payload() query: ListItemsQueryDto): Promise<ItemPage> {
    await this.readYourWrites(query);
    return this.readModel.listItems({ limit: query.limit ?? 20, cursor: query.cursor });
  }

  /** Readiness of the query side: DOWN when a projection is stalled or failed. */
  @MessagePattern(InventoryQueries.health)
  healthCheck(): Promise<HealthCheckResult> {
    return this.projectionsHealth.readiness('projections');
  }

  private readYourWrites(query: InventoryQueryDto): Promise<void> {
    return this.projections.readYourWrites(INVENTORY_PROJECTION, query.minPosition, this.config.readYourWritesTimeoutMs);
  }
}
