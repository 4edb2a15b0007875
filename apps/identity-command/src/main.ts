// First: the OpenTelemetry SDK patches http, express and pg before anything loads them.
import './tracing';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createIdentityCommandApp } from './app/create-identity-command-app';

async function bootstrap(): Promise<void> {
  const app = await createIdentityCommandApp();
  await app.listen();
  Logger.log(`identity-command is listening (ops on ${app.opsUrl}/health/ready, /metrics)`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
