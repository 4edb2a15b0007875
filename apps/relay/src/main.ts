// First: the OpenTelemetry SDK patches http, express and pg before anything loads them.
import './tracing';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { createRelayApp } from './app/create-relay-app';

async function bootstrap(): Promise<void> {
  const { app, config } = await createRelayApp();
  await app.listen(config.ops.port, config.ops.host);
  const { port } = app.getHttpServer().address() as AddressInfo;
  Logger.log(`relay is listening (ops on http://${config.ops.host}:${port}/health/ready, /metrics)`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
