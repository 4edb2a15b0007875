import { Controller, Module } from '@nestjs/common';
import { ClientProxyFactory, MessagePattern, Payload, type ClientProxy } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { findFreePort } from '@chronicle/embedded-postgres';
import { IsInt, IsString, Max } from 'class-validator';
import type { INestMicroservice } from '@nestjs/common';
import { callService } from './remote-call';
import { RpcErrorFilter } from './rpc-error.filter';
import { createRpcValidationPipe } from './rpc-validation.pipe';
import { clientTransport, serverTransport, type ServiceEndpoint } from './transport';

class EchoDto {
  @IsString()
  text!: string;

  @IsInt()
  @Max(10)
  times!: number;
}

class RuleBroken extends Error {
  readonly code = 'ECHO_TOO_LOUD';
  readonly details = { limit: 3 };
}

@Controller()
class EchoController {
  @MessagePattern('echo')
  echo(@Payload() dto: EchoDto) {
    if (dto.times > 3) throw new RuleBroken('too loud');
    return { echoed: dto.text.repeat(dto.times) };
  }

  @MessagePattern('crash')
  crash() {
    throw new Error('SELECT secret FROM internals');
  }

  @MessagePattern('slow')
  async slow() {
    await new Promise((r) => setTimeout(r, 2_000));
    return 'late';
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

const transports: Array<[string, () => Promise<ServiceEndpoint>]> = [
  ['tcp', async () => ({ host: '127.0.0.1', port: await findFreePort(), queue: 'echo' })],
];
if (process.env['NATS_URL']) {
  transports.push(['nats', async () => ({ host: '127.0.0.1', port: 0, natsUrl: process.env['NATS_URL'], queue: `echo-${Date.now()}` })]);
} else {
  console.warn('SKIPPED: messaging over NATS (set NATS_URL=nats://127.0.0.1:4222 to run it)');
}

describe.each(transports)('service-to-service calls over %s', (_name, endpointFor) => {
  let server: INestMicroservice;
  let client: ClientProxy;

  beforeAll(async () => {
    const endpoint = await endpointFor();
    const moduleRef = await Test.createTestingModule({ imports: [EchoModule] }).compile();
    server = moduleRef.createNestMicroservice(serverTransport(endpoint));
    server.useGlobalPipes(createRpcValidationPipe());
    server.useGlobalFilters(new RpcErrorFilter());
    await server.listen();
    client = ClientProxyFactory.create(clientTransport(endpoint));
    await client.connect();
  });
  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it('answers a valid request', async () => {
    await expect(callService(client, 'echo', { text: 'ab', times: 2 })).resolves.toEqual({ echoed: 'abab' });
  });

  it('rejects an invalid or over-specified payload with VALIDATION_FAILED and the fields', async () => {
    await expect(callService(client, 'echo', { text: 'ab', times: 'x' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: { times: expect.any(Array) } },
    });
    await expect(callService(client, 'echo', { text: 'ab', times: 1, admin: true })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: { admin: expect.any(Array) } },
    });
  });

  it('carries a domain error code and details across the wire', async () => {
    await expect(callService(client, 'echo', { text: 'ab', times: 5 })).rejects.toMatchObject({
      code: 'ECHO_TOO_LOUD',
      message: 'too loud',
      details: { limit: 3 },
    });
  });

  it('hides the message of an unexpected error', async () => {
    const error = await callService(client, 'crash', {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INTERNAL', message: 'Internal error' });
    expect(JSON.stringify(error)).not.toContain('SELECT');
  });

  it('times out with a typed TIMEOUT error', async () => {
    await expect(callService(client, 'slow', {}, 200)).rejects.toMatchObject({ code: 'TIMEOUT' });
  });
});

describe('service-to-service calls to a service that is not there', () => {
  it('fail with SERVICE_UNAVAILABLE, not with the socket error code (ECONNREFUSED)', async () => {
    const client = ClientProxyFactory.create(clientTransport({ host: '127.0.0.1', port: await findFreePort(), queue: 'nobody' }));
    try {
      await expect(callService(client, 'echo', { text: 'a', times: 1 }, 2_000)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    } finally {
      await client.close();
    }
  });
});
