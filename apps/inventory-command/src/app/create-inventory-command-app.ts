import { NestFactory } from '@nestjs/core';
import type { INestMicroservice } from '@nestjs/common';
import { createRpcValidationPipe, RpcErrorFilter, serverTransport } from '@chronicle/messaging';
import { inventoryCommandConfigFrom } from './inventory-command.config';
import { InventoryCommandModule } from './inventory-command.module';

/** Builds the inventory command microservice (TCP, or NATS when NATS_URL is set) without starting it. */
export async function createInventoryCommandApp(): Promise<INestMicroservice> {
  const config = inventoryCommandConfigFrom(process.env);
  const app = await NestFactory.createMicroservice(InventoryCommandModule, {
    ...serverTransport({ host: config.host, port: config.port, natsUrl: config.natsUrl, queue: 'inventory-command' }),
    logger: ['error', 'warn', 'log'],
  });
  app.useGlobalPipes(createRpcValidationPipe());
  app.useGlobalFilters(new RpcErrorFilter());
  app.enableShutdownHooks();
  return app;
}
