import { NestFactory } from '@nestjs/core';
import type { INestMicroservice } from '@nestjs/common';
import { createRpcValidationPipe, RpcErrorFilter, serverTransport } from '@chronicle/messaging';
import { identityQueryConfigFrom } from './identity-query.config';
import { IdentityQueryModule } from './identity-query.module';

/** Builds the identity query microservice (TCP, or NATS when NATS_URL is set) without starting it. */
export async function createIdentityQueryApp(): Promise<INestMicroservice> {
  const config = identityQueryConfigFrom(process.env);
  const app = await NestFactory.createMicroservice(IdentityQueryModule, {
    ...serverTransport({ host: config.host, port: config.port, natsUrl: config.natsUrl, queue: 'identity-query' }),
    logger: ['error', 'warn', 'log'],
  });
  app.useGlobalPipes(createRpcValidationPipe());
  app.useGlobalFilters(new RpcErrorFilter());
  app.enableShutdownHooks();
  return app;
}
