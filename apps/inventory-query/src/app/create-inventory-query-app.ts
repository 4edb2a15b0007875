import { NestFactory } from '@nestjs/core';
import type { INestMicroservice } from '@nestjs/common';
import { createRpcValidationPipe, RpcErrorFilter, serverTransport } from '@chronicle/messaging';
import { inventoryQueryConfigFrom } from './inventory-query.config';
import { InventoryQueryModule } from './inventory-query.module';

/** Builds the inventory query microservice (TCP, or NATS when NATS_URL is set) without starting it. */
export async function createInventoryQueryApp(): Promise<INestMicroservice> {
  const config = inventoryQueryConfigFrom(process.env);
  const app = await NestFactory.createMicroservice(InventoryQueryModule, {
    ...serverTransport({ host: config.host, port: config.port, natsUrl: config.natsUrl, queue: 'inventory-query' }),
    logger: ['error', 'warn', 'log'],
  });
  app.useGlobalPipes(createRpcValidationPipe());
  app.useGlobalFilters(new RpcErrorFilter());
  app.enableShutdownHooks();
  return app;
}
