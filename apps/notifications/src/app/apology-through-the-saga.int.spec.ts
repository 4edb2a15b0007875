import type { INestApplication } from '@nestjs/common';
import type { ServiceApp } from '@chronicle/messaging';
import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import { IdentityCommands, type CommandReply } from '@chronicle/identity-contracts';
import { InventoryCommands } from '@chronicle/inventory-contracts';
import { callService, clientTransport } from '@chronicle/messaging';
import { OrderingCommands, type OrderCommandReply } from '@chronicle/ordering-contracts';
import { findFreePort, useTestDatabase, startSmtpTestServer, type SmtpTestServer } from '@chronicle/testing';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { TEST_TIMINGS, waitUntil } from '../testing/test-timings';
import { createNotificationsApp } from './create-notifications-app';

const workspaceRoot = resolve(__dirname, '../../../..');

/** Nx forbids importing another app; a test boots it as a process would, by its factory's path. */
async function startService(path: string, factory: string): Promise<ServiceApp> {
  const module = (await import(join(workspaceRoot, path))) as Record<string, () => Promise<ServiceApp>>;
  const app = await module[factory]();
  await app.listen();
  return app;
}

describe('apology e-mail through the order saga (identity, inventory and ordering apps in-process)', () => {
  const db = useTestDatabase();
  const saved = { ...process.env };
  const started: Array<{ close(): Promise<void> }> = [];
  const clients: ClientProxy[] = [];
  let smtp: SmtpTestServer;
  let notifications: INestApplication;
  let identity: ClientProxy;
  let inventory: ClientProxy;
  let ordering: ClientProxy;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    const [identityPort, inventoryPort, orderingPort] = [await findFreePort(), await findFreePort(), await findFreePort()];
    delete process.env['NATS_URL'];
    Object.assign(process.env, {
      DATABASE_URL: db.connectionString,
      IDENTITY_COMMAND_PORT: String(identityPort), IDENTITY_COMMAND_OPS_PORT: '0',
      INVENTORY_COMMAND_PORT: String(inventoryPort), INVENTORY_COMMAND_OPS_PORT: '0',
      ORDERING_COMMAND_PORT: String(orderingPort), ORDERING_COMMAND_OPS_PORT: '0',
      PASSWORD_HASH_ROUNDS: '4',
    });
    started.push(await startService('apps/identity-command/src/app/create-identity-command-app', 'createIdentityCommandApp'));
    started.push(await startService('apps/inventory-command/src/app/create-inventory-command-app', 'createInventoryCommandApp'));
    started.push(await startService('apps/ordering-command/src/app/create-ordering-command-app', 'createOrderingCommandApp'));
    ({ app: notifications } = await createNotificationsApp({ DATABASE_URL: db.connectionString, SMTP_URL: smtp.url, ...TEST_TIMINGS }));
    await notifications.init();
    started.push(notifications);
    const client = (port: number) => {
      const proxy = ClientProxyFactory.create(clientTransport({ host: '127.0.0.1', port, queue: '' }));
      clients.push(proxy);
      return proxy;
    };
    [identity, inventory, ordering] = [client(identityPort), client(inventoryPort), client(orderingPort)];
  });

  afterAll(async () => {
    for (const c of clients) await c.close();
    for (const app of started.reverse()) await app.close();
    await smtp?.close();
    process.env = saved;
  });

  it('a customer whose order inventory rejects gets one apology naming the items, after their welcome e-mail', async () => {
    const email = `grace-${randomUUID()}@example.com`;
    const user = await callService<CommandReply>(identity, IdentityCommands.createUser, { commandId: randomUUID(), email, name: 'Grace Hopper', password: 'password1' }, 10_000);
    await callService(inventory, InventoryCommands.addItem, { commandId: randomUUID(), sku: 'teapot', name: 'Teapot', quantity: 0 }, 10_000);
    await callService(inventory, InventoryCommands.addItem, { commandId: randomUUID(), sku: 'mug', name: 'Mug', quantity: 10 }, 10_000);

    const order = await callService<OrderCommandReply>(
      ordering,
      OrderingCommands.placeOrder,
      { commandId: randomUUID(), customerId: user.id, lines: [{ sku: 'teapot', quantity: 2 }, { sku: 'mug', quantity: 1 }] },
      10_000,
    );

    await waitUntil(() => smtp.to(email).length === 2, 30_000);
    const subjects = smtp.to(email).map((m) => m.subject);
    expect(subjects).toEqual(expect.arrayContaining(['Welcome to Chronicle, Grace Hopper', `We are sorry: we could not take your order ${order.orderId}`]));
    const apology = smtp.to(email).find((m) => m.subject.startsWith('We are sorry'))!;
    expect(apology.body).toContain('Hello Grace Hopper');
    expect(apology.body).toContain('2 x teapot');
    expect(apology.body).toContain('1 x mug');
    expect(apology.body).toContain('STOCK_INSUFFICIENT: teapot');
    expect(apology.messageId).toMatch(/^<[0-9a-f-]{36}\.send-apology-email-when-order-rejected@chronicle>$/);
  });
});
