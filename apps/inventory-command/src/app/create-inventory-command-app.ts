import { ServiceApp } from '@chronicle/messaging';
import { inventoryCommandConfigFrom } from './inventory-command.config';
import { InventoryCommandModule } from './inventory-command.module';

/** Builds the inventory-command service (messages over TCP, or NATS when NATS_URL is set; ops endpoints over HTTP) without starting it. */
export async function createInventoryCommandApp(): Promise<ServiceApp> {
  const config = inventoryCommandConfigFrom(process.env);
  return ServiceApp.create(InventoryCommandModule, {
    endpoint: { host: config.host, port: config.port, natsUrl: config.natsUrl, queue: 'inventory-command' },
    ops: config.ops,
  });
}
