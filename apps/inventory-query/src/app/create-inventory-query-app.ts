import { ServiceApp } from '@chronicle/messaging';
import { inventoryQueryConfigFrom } from './inventory-query.config';
import { InventoryQueryModule } from './inventory-query.module';

/** Builds the inventory-query service (messages over TCP, or NATS when NATS_URL is set; ops endpoints over HTTP) without starting it. */
export async function createInventoryQueryApp(): Promise<ServiceApp> {
  const config = inventoryQueryConfigFrom(process.env);
  return ServiceApp.create(InventoryQueryModule, {
    endpoint: { host: config.host, port: config.port, natsUrl: config.natsUrl, queue: 'inventory-query' },
    ops: config.ops,
  });
}
