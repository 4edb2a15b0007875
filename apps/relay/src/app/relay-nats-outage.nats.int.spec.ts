import type { INestApplication } from '@nestjs/common';
import type { RelayStatus } from '@chronicle/messaging';
import { describeWithNats, findFreePort, readStreamMessages, startTcpProxy, type TcpProxy } from '@chronicle/testing';
import { appendUsers, expectedPublishedIds, PUBLISHED_PER_USER } from '../testing/identity-events';
import { sleep, until, useRelayTestContext } from '../testing/relay-test-context';
import { createRelayApp } from './create-relay-app';

describeWithNats('a relay whose NATS goes away for a while', (natsUrl) => {
  const ctx = useRelayTestContext('outage', natsUrl);
  let proxy: TcpProxy;
  let app: INestApplication | undefined;

  beforeAll(async () => {
    proxy = await startTcpProxy(natsUrl);
  });
  afterAll(async () => {
    await app?.close();
    await proxy.close();
  });

  it('waits, shows it in readiness, and resumes without losing an event', async () => {
    const port = await findFreePort();
    const { store, nc, names } = ctx;
    const created = await createRelayApp(ctx.relayEnv({ NATS_URL: proxy.url('nats'), RELAY_PUBLISH_TIMEOUT_MS: '1000', RELAY_RETRY_DELAY_MS: '200' }));
    app = created.app;
    await app.listen(port, '127.0.0.1');
    const readiness = async (): Promise<{ code: number; status: RelayStatus }> => {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
      const body = (await response.json()) as RelayStatus | { message: RelayStatus };
      return { code: response.status, status: 'state' in body ? body : body.message };
    };
    const stored = () => ctx.storedCount();

    await appendUsers(store, 50);
    await until(stored, (n) => n === 50 * PUBLISHED_PER_USER, 'published before the outage');
    expect((await readiness()).code).toBe(200);

    await proxy.cut();
    const down = await until(readiness, (r) => r.code === 503, 'readiness fails during the outage');
    expect(down.status.natsConnected).toBe(false);
    await appendUsers(store, 50);
    await sleep(1500);
    expect((await readiness()).code).toBe(503);
    expect(await stored()).toBe(50 * PUBLISHED_PER_USER);

    await proxy.restore();
    await until(readiness, (r) => r.code === 200 && r.status.state === 'publishing', 'ready again after the outage');
    const head = await store.headPosition();
    await until(readiness, (r) => r.status.checkpoint !== undefined && BigInt(r.status.checkpoint) >= head, 'caught up');
    const messages = await readStreamMessages(nc, names.stream);
    expect(messages.map((m) => m.msgId)).toEqual(await expectedPublishedIds(store));
  }, 60_000);
});
