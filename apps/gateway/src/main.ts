// First: the OpenTelemetry SDK patches http, express and pg before anything loads them.
import './tracing';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createGatewayApp } from './app/create-gateway-app';
import { gatewayConfig, type GatewayConfig } from './app/gateway.config';

async function bootstrap(): Promise<void> {
  const app = await createGatewayApp();
  // Read through @nestjs/config, so a .env file counts as it does for the other services.
  const { host, port } = app.get<GatewayConfig>(gatewayConfig.KEY);
  await app.listen(port, host);
  Logger.log(`gateway is listening on http://${host}:${port}`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
