import { NestFactory } from '@nestjs/core';
import type { INestMicroservice } from '@nestjs/common';
import { createRpcValidationPipe, RpcErrorFilter, serverTransport } from '@chronicle/messaging';
import { orderingCommandConfigFrom } from './ordering-command.config';
import { OrderingCommandModule } from './ordering-command.module';

/** Builds the ordering command microservice (TCP, or NATS when NATS_URL is set) without starting it. */
export async function createOrderingCommandApp(): Promise<INestMicroservice> {
  const config = orderingCommandConfigFrom(process.env);
  const app = await NestFactory.createMicroservice(OrderingCommandModule, {
    ...serverTransport({ host: config.host, port: config.port, natsUrl: config.natsUrl, queue: 'ordering-command' }),
    bufferLogs: false,
    logger: ['error', 'warn', 'log'],
  });
  app.useGlobalPipes(createRpcValidationPipe());
  app.useGlobalFilters(new RpcErrorFilter());
  app.enableShutdownHooks();
  return app;
}
