import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { CORRELATION_ID_HEADER } from '@chronicle/event-sourcing';
import { useStructuredLogging } from '@chronicle/observability';
import { GatewayModule } from './gateway.module';
import { correlationIdMiddleware } from './http/correlation-id.middleware';
import { jsonBodyMiddleware } from './http/json-body.middleware';
import { GatewayMetrics } from './metrics/metrics';

function setUpOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Chronicle gateway')
    .setDescription('Users, roles, inventory, orders and saga timelines over REST (GraphQL at POST /graphql). Errors are application/problem+json.')
    .setVersion('1')
    .addBearerAuth()
    .addGlobalParameters(
      { name: 'X-Correlation-Id', in: 'header', required: false, description: 'Echoed, and stamped on the events' },
      { name: 'Idempotency-Key', in: 'header', required: false, description: 'POST/PUT/PATCH/DELETE: a retry with the same key replays the first response' },
    )
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), { jsonDocumentUrl: 'docs-json' });
}

/** Builds the gateway (REST, GraphQL, SSE, docs, health, metrics) without listening. */
export async function createGatewayApp(): Promise<NestExpressApplication> {
  // Logs go through nestjs-pino (LOG_LEVEL, LOG_FORMAT): JSON lines with the request's trace and correlation ids.
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule, { bodyParser: false, bufferLogs: true });
  useStructuredLogging(app);
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // Plain Express middleware runs before Nest's pipeline, so even a rejected body has a correlation id and is measured.
  app.use(correlationIdMiddleware);
  app.use(app.get(GatewayMetrics).middleware);
  app.use(jsonBodyMiddleware);
  app.enableCors({ exposedHeaders: ['ETag', 'Location', 'X-Position', CORRELATION_ID_HEADER, 'Idempotent-Replayed'] });
  setUpOpenApi(app);
  app.enableShutdownHooks();
  await app.init();
  return app;
}
