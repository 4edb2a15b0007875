import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectAggregateRepository, type EventSourcedRepository, type HandleOptions, type HandleResult } from '@chronicle/event-sourcing';
import type { InventoryCommandReply, InventoryEvent } from '@chronicle/inventory-contracts';
import type { WarehouseCommand, WarehouseState } from '@chronicle/inventory-domain';
import { PlatformErrorCodes } from '@chronicle/messaging';
import { bulkhead, BulkheadRejectedError, type BulkheadPolicy } from 'cockatiel';
import { inventoryCommandConfig } from './inventory-command.config';

export type WarehouseRepository = EventSourcedRepository<WarehouseCommand, InventoryEvent, WarehouseState>;

export const WAREHOUSE_CATEGORY = 'warehouse';

/** Commands waiting for the warehouse in this process before new ones are turned away. */
const MAX_QUEUED_COMMANDS = 1_000;

export function toReply(sku: string, result: HandleResult<InventoryEvent>): InventoryCommandReply {
  return { sku, revision: result.revision?.toString() ?? null, position: result.position?.toString() ?? null };
}

/** The warehouse has more work queued than it can take now; the caller may retry later. */
export class WarehouseBusyError extends Error {
  readonly code = PlatformErrorCodes.SERVICE_UNAVAILABLE;
  constructor() {
    super('The warehouse is busy; retry later');
    this.name = 'WarehouseBusyError';
  }
}

/**
 * The one warehouse aggregate of this service (`warehouse-<WAREHOUSE_ID>`): every SKU lives in
 * it. Client commands run one at a time in this process: on a single hot stream, concurrent
 * commands would only conflict and retry (100 restocks, 10 at a time: 3.1 s with retries,
 * 0.55 s queued). Reactions, other replicas and the one client command in flight still race;
 * the repository retries those conflicts.
 */
@Injectable()
export class Warehouse {
  readonly id: string;
  private readonly oneAtATime: BulkheadPolicy = bulkhead(1, MAX_QUEUED_COMMANDS);

  constructor(
    @InjectAggregateRepository(WAREHOUSE_CATEGORY) private readonly repository: WarehouseRepository,
    @Inject(inventoryCommandConfig.KEY) config: ConfigType<typeof inventoryCommandConfig>,
  ) {
    this.id = config.warehouseId;
  }

  /** A client's command: queued behind the others of this process; turned away when the queue is full. */
  async handle(command: WarehouseCommand, options?: HandleOptions): Promise<HandleResult<InventoryEvent>> {
    try {
      return await this.oneAtATime.execute(() => this.repository.handle(this.id, command, options));
    } catch (error) {
      if (error instanceof BulkheadRejectedError) throw new WarehouseBusyError();
      throw error;
    }
  }

  /**
   * A reaction's command. Reactions already come one at a time (one partition), and are never
   * turned away: a rejection under load would end with the order's event parked.
   */
  react(command: WarehouseCommand, options: HandleOptions): Promise<HandleResult<InventoryEvent>> {
    return this.repository.handle(this.id, command, options);
  }
}
