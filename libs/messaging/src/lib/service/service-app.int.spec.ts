import { Controller, Module } from '@nestjs/common';
import { ClientProxyFactory, MessagePattern, Payload, type ClientProxy } from '@nestjs/microservices';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { currentCorrelationId, ObservabilityModule, OpsEndpointsModule } from '@chronicle/observability';
import { findFreePort, metricValue, useInMemoryTracing } from '@chronicle/testing';
import { IsString } from 'class-validator';
import { callService } from '../remote-call';
import { clientTransport } from '../transport';
import { ServiceApp } from './service-app';

class EchoDto {
  @IsString()
  text!: string;

  @IsString()
  correlationId!: string;
}

@Controller()
class EchoController {
  @MessagePattern('test.echo')
  echo(@Payload() dto: EchoDto): { keys: string[]; traceId?: string; correlationId?: string } {
    return { keys: Object.keys(dto), traceId: trace.getActiveSpan()?.spanContext().traceId, correlationId: currentCorrelationId() };
  }
}

@Module({ imports: [ObservabilityModule.forRoot({ service: 'echo' }), OpsEndpointsModule.forRoot()], controllers: [EchoController] })
class EchoModule {}

describe('a service app (RPC + ops endpoints)', () => {
  const tracing = useInMemoryTracing();
  let service: ServiceApp;
  let client: ClientProxy;

  beforeAll(async () => {
    const port = await findFreePort();
    service = await ServiceApp.create(EchoModule, { endpoint: { host: '127.0.0.1', port, queue: 'echo' }, ops: { host: '127.0.0.1', port: 0 } });
    await service.listen();
    client = ClientProxyFactory.create(clientTransport({ host: '127.0.0.1', port, queue: 'echo' }));
  });
  afterAll(async () => {
    await client?.close();
    await service?.close();
  });

  it('continues the caller trace in a server span, with the message correlation id, and validation never sees the trace context', async () => {
    const parent = trace.getTracer('test').startSpan('gateway request');
    const reply = await context.with(trace.setSpan(context.active(), parent), () =>
      callService<{ keys: string[]; traceId?: string; correlationId?: string }>(client, 'test.echo', { text: 'hi', correlationId: 'corr-42' }),
    );
    parent.end();
    expect(reply).toEqual({ keys: ['text', 'correlationId'], traceId: parent.spanContext().traceId, correlationId: 'corr-42' });
    const spans = tracing.spans();
    const clientSpan = spans.find((s) => s.name === 'test.echo' && s.kind === SpanKind.CLIENT);
    const serverSpan = spans.find((s) => s.name === 'test.echo' && s.kind === SpanKind.SERVER);
    expect(clientSpan?.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(serverSpan?.parentSpanContext?.spanId).toBe(clientSpan?.spanContext().spanId);
    expect(serverSpan?.attributes).toMatchObject({ 'rpc.method': 'test.echo', 'chronicle.rpc.outcome': 'ok' });
  });

  it('serves readiness (its transport) and the RPC handling time by pattern and outcome on its ops port', async () => {
    await expect(callService(client, 'test.echo', { text: 1 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const ready = await fetch(`${service.opsUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', info: { transport: { status: 'up', transport: 'tcp' } } });
    expect((await fetch(`${service.opsUrl}/health/live`)).status).toBe(200);
    const metrics = await (await fetch(`${service.opsUrl}/metrics`)).text();
    expect(metricValue(metrics, 'chronicle_rpc_server_duration_seconds_count', { service: 'echo', pattern: 'test.echo', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(metricValue(metrics, 'chronicle_rpc_server_duration_seconds_count', { pattern: 'test.echo', outcome: 'VALIDATION_FAILED' })).toBe(1);
    expect(metrics).toContain('process_cpu_user_seconds_total');
  });
});
