import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InventoryCommands, InventoryQueries, type InventoryCommandReply, type ItemPage, type ItemView } from '@chronicle/inventory-contracts';
import { gatewayConfig, type GatewayConfig } from '../gateway.config';
import { ServiceClient, type CallContext, type DownstreamHealth } from '../http/service-client';

/** The gateway's only way to the inventory services. */
@Injectable()
export class InventoryClient extends ServiceClient implements OnApplicationShutdown {
  constructor(@Inject(gatewayConfig.KEY) config: GatewayConfig) {
    super(config, {
      command: { ...config.inventoryCommand, queue: 'inventory-command' },
      query: { ...config.inventoryQuery, queue: 'inventory-query' },
    });
  }

  addItem(item: { sku: string; name: string; quantity: number }, context: CallContext): Promise<InventoryCommandReply> {
    return this.sendCommand(InventoryCommands.addItem, item, context);
  }

  restock(sku: string, quantity: number, context: CallContext): Promise<InventoryCommandReply> {
    return this.sendCommand(InventoryCommands.restock, { sku, quantity }, context);
  }

  getItem(sku: string, context: CallContext, minPosition?: string): Promise<ItemView> {
    return this.sendQuery(InventoryQueries.getItem, { sku, minPosition }, context);
  }

  listItems(filter: { limit?: number; cursor?: string }, context: CallContext, minPosition?: string): Promise<ItemPage> {
    return this.sendQuery(InventoryQueries.listItems, { ...filter, minPosition }, context);
  }

  queryHealth(timeoutMs: number): Promise<DownstreamHealth> {
    return this.queryServiceHealth(InventoryQueries.health, timeoutMs);
  }

  onApplicationShutdown(): Promise<void> {
    return this.closeClients();
  }
}
