import { NestFactory } from '@nestjs/core';
import type { INestMicroservice } from '@nestjs/common';
import { createRpcValidationPipe, RpcErrorFilter, serverTransport } from '@chronicle/messaging';
import { identityCommandConfigFrom } from './identity-command.config';
import { IdentityCommandModule } from './identity-command.module';

/** Builds the identity command microservice (TCP, or NATS when NATS_URL is set) without starting it. */
export async function createIdentityCommandApp(): Promise<INestMicroservice> {
  const config = identityCommandConfigFrom(process.env);
  const app = await NestFactory.createMicroservice(
    IdentityCommandModule,
    {
      ...serverTransport({ host: config.host, port: config.port, natsUrl: config.natsUrl, queue: 'identity-command' }),
      bufferLogs: false,
      logger: ['error', 'warn', 'log'],
    },
  );
  app.useGlobalPipes(createRpcValidationPipe());
  app.useGlobalFilters(new RpcErrorFilter());
  app.enableShutdownHooks();
  return app;
}
