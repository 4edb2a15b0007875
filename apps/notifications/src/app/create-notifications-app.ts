import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { connectRpcServer } from '@chronicle/messaging';
import { useStructuredLogging } from '@chronicle/observability';
import { notificationsConfigFrom, type NotificationsConfig } from './notifications.config';
import { NotificationsModule } from './notifications.module';

/** Builds the notifications service (projection -> deliveries outbox -> channel dispatchers, with health endpoints) without listening yet. */
export async function createNotificationsApp(
  env: Record<string, string | undefined> = process.env,
): Promise<{ app: INestApplication; config: NotificationsConfig }> {
  const config = notificationsConfigFrom(env);
  const app = await NestFactory.create(NotificationsModule.forRoot(config, env), { bufferLogs: true });
  useStructuredLogging(app);
  // Operators' messages (the admin API: subscriptions, deliveries); main.ts starts answering them.
  connectRpcServer(app, config.endpoint);
  app.enableShutdownHooks();
  return { app, config };
}
