import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createIdentityQueryApp } from './app/create-identity-query-app';

async function bootstrap(): Promise<void> {
  const app = await createIdentityQueryApp();
  await app.listen();
  Logger.log('identity-query is listening', 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
