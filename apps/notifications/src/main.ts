import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { createNotificationsApp } from './app/create-notifications-app';

async function bootstrap(): Promise<void> {
  const { app, config } = await createNotificationsApp();
  await app.listen(config.healthPort, config.healthHost);
  const { port } = app.getHttpServer().address() as AddressInfo;
  Logger.log(`notifications health on http://${config.healthHost}:${port}/health/ready`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
