import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { MetricsRegistry, ReadinessChecks, useStructuredLogging } from '@chronicle/observability';
import type { AddressInfo } from 'node:net';
import { createRpcValidationPipe } from '../rpc-validation.pipe';
import { RpcMetrics } from '../rpc/rpc-metrics';
import { RpcServerInterceptor } from '../rpc/rpc-server.interceptor';
import { serverTransport, type ServiceEndpoint } from '../transport';
import { ServiceExceptionFilter } from './service-exception.filter';
import { TransportHealth } from './transport-health';

export interface ServiceAppOptions {
  /** Where its messages arrive: TCP host/port, or NATS (queue group) when a NATS URL is given. */
  endpoint: ServiceEndpoint;
  /** Where its ops HTTP endpoints listen: /health/live, /health/ready, /metrics. Port 0 picks a free one. */
  ops: { host: string; port: number };
}

/**
 * A command or query service: one Nest hybrid application whose microservice answers the
 * context's message patterns (validated, errors as RpcErrorPayload, traced and measured by
 * RpcServerInterceptor) and whose HTTP side serves the ops endpoints. Its root module imports
 * ObservabilityModule and OpsEndpointsModule; readiness gets `transport` here, `database` and
 * `projections` from their modules.
 */
export class ServiceApp {
  readonly get: INestApplication['get'];

  private constructor(
    readonly app: INestApplication,
    private readonly options: ServiceAppOptions,
    private readonly transport: TransportHealth,
  ) {
    this.get = app.get.bind(app) as INestApplication['get'];
  }

  /** Builds the service without starting it. */
  static async create(module: Type<unknown> | DynamicModule, options: ServiceAppOptions): Promise<ServiceApp> {
    const app = await NestFactory.create(module, { bufferLogs: true });
    useStructuredLogging(app);
    const transport = connectRpcServer(app, options.endpoint);
    app.enableShutdownHooks();
    return new ServiceApp(app, options, transport);
  }

  /** Starts answering messages, then serves the ops endpoints. */
  async listen(): Promise<void> {
    await this.app.startAllMicroservices();
    await this.app.listen(this.options.ops.port, this.options.ops.host);
  }

  /** The ops endpoints' base URL (the actual port when 0 was asked for); after listen(). */
  get opsUrl(): string {
    const { port } = (this.app.getHttpServer() as { address(): AddressInfo }).address();
    return `http://${this.options.ops.host}:${port}`;
  }

  async close(): Promise<void> {
    await this.app.close();
    this.transport.close();
  }
}

/**
 * Gives a Nest HTTP app the RPC side of a service (what ServiceApp does; an HTTP-first app such as
 * notifications uses it directly): messages validated, errors as RpcErrorPayload, traced and
 * measured, transport health in readiness. Call `app.startAllMicroservices()` to start answering.
 */
export function connectRpcServer(app: INestApplication, endpoint: ServiceEndpoint): TransportHealth {
  // A hybrid app's microservice takes its enhancers when it is connected, and only by inheriting
  // the app's: they are registered first and serve both sides (the ops routes take no input, the
  // interceptor passes HTTP through, the filter answers each side in its own way).
  app.useGlobalPipes(createRpcValidationPipe());
  app.useGlobalFilters(new ServiceExceptionFilter(app.getHttpAdapter()));
  app.useGlobalInterceptors(new RpcServerInterceptor(new RpcMetrics(app.get(MetricsRegistry))));
  const microservice = app.connectMicroservice<MicroserviceOptions>(serverTransport(endpoint), { inheritAppConfig: true });
  const transport = new TransportHealth(endpoint.natsUrl ? 'nats' : 'tcp');
  transport.watch(microservice.status);
  app.get(ReadinessChecks).register('transport', transport.check);
  return transport;
}
