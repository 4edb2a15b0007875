import { NestFactory } from '@nestjs/core';
import type { INestMicroservice } from '@nestjs/common';
import { createRpcValidationPipe, RpcErrorFilter, serverTransport } from '@chronicle/messaging';
import { orderingQueryConfigFrom } from './ordering-query.config';
import { OrderingQueryModule } from './ordering-query.module';

/** Builds the ordering query microservice (TCP, or NATS when NATS_URL is set) without starting it. */
export async function createOrderingQueryApp(): Promise<INestMicroservice> {
  const config = orderingQueryConfigFrom(process.env);
  const app = await NestFactory.createMicroservice(OrderingQueryModule, {
    ...serverTransport({ host: config.host, port: config.port, natsUrl: config.natsUrl, queue: 'ordering-query' }),
    logger: ['error', 'warn', 'log'],
  });
  app.useGlobalPipes(createRpcValidationPipe());
  app.useGlobalFilters(new RpcErrorFilter());
  app.enableShutdownHooks();
  return app;
}
