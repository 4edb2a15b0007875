import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createRelayApp } from './app/create-relay-app';

async function bootstrap(): Promise<void> {
  const { app, config } = await createRelayApp();
  await app.listen(config.healthPort, config.healthHost);
  Logger.log(`relay health on http://${config.healthHost}:${config.healthPort}/health/ready`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
