import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { useStructuredLogging } from '@chronicle/observability';
import { relayConfigFrom, type RelayConfig } from './relay.config';
import { RelayModule } from './relay.module';

/** Builds the relay (JetStream publisher with a health endpoint) without listening yet. */
export async function createRelayApp(env: Record<string, string | undefined> = process.env): Promise<{ app: INestApplication; config: RelayConfig }> {
  const config = relayConfigFrom(env);
  const app = await NestFactory.create(RelayModule.forRoot(config), { bufferLogs: true });
  useStructuredLogging(app);
  app.enableShutdownHooks();
  return { app, config };
}
