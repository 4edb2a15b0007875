// First: the OpenTelemetry SDK patches http, express and pg before anything loads them.
import './tracing';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createIdentityQueryApp } from './app/create-identity-query-app';

async function bootstrap(): Promise<void> {
  const app = await createIdentityQueryApp();
  await app.listen();
  Logger.log(`identity-query is listening (ops on ${app.opsUrl}/health/ready, /metrics)`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
