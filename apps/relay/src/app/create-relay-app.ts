import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { relayConfigFrom, type RelayConfig } from './relay.config';
import { RelayModule } from './relay.module';

/** Builds the relay (JetStream publisher with a health endpoint) without listening yet. */
export async function createRelayApp(env: Record<string, string | undefined> = process.env): Promise<{ app: INestApplication; config: RelayConfig }> {
  const config = relayConfigFrom(env);
  const app = await NestFactory.create(RelayModule.forRoot(config), { logger: ['error', 'warn', 'log'] });
  app.enableShutdownHooks();
  return { app, config };
}
