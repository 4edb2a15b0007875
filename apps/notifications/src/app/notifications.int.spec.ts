import type { INestApplication } from '@nestjs/common';
import { createPostgresEventStore, type EventStore } from '@chronicle/event-store';
import { Projections } from '@chronicle/projections';
import { startTcpProxy, useTestDatabase, type TcpProxy, startSmtpTestServer, type SmtpTestServer } from '@chronicle/testing';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { readiness, waitForReadiness } from '../testing/notifications-health';
import { appendUserCreated, appendUsers } from '../testing/user-events';
import { settle, TEST_TIMINGS, waitUntil } from '../testing/test-timings';
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver';
import { createNotificationsApp } from './create-notifications-app';
import { NOTIFICATIONS_PROJECTION } from './notifications.projection';

describe('notifications', () => {
  const db = useTestDatabase();
  let smtp: SmtpTestServer;
  let smtpProxy: TcpProxy;
  let webhook: WebhookReceiver;
  let store: EventStore;
  let app: INestApplication;
  let baseUrl: string;
  let sql: Client;
  let env: Record<string, string>;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    smtpProxy = await startTcpProxy(smtp.url);
    webhook = await startWebhookReceiver();
    store = await createPostgresEventStore({ connectionString: db.connectionString, schema: 'chronicle' });
    env = { DATABASE_URL: db.connectionString, SMTP_URL: smtpProxy.url('smtp'), SLACK_WEBHOOK_URL: webhook.url, ...TEST_TIMINGS };
    ({ app } = await createNotificationsApp(env));
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    sql = new Client({ connectionString: db.connectionString });
    sql.on('error', () => undefined);
    await sql.connect();
  });

  afterAll(async () => {
    await app?.close();
    await sql?.end();
    await store?.close();
    await webhook?.close();
    await smtpProxy?.close();
    await smtp?.close();
  });

  const eventIdOf = async (streamId: string, type: string): Promise<string> => {
    for await (const e of store.readStream(streamId)) if (e.type === type) return e.eventId;
    throw new Error(`no ${type} in ${streamId}`);
  };

  it('creating a user yields exactly one e-mail and one webhook, with ids derived from the event', async () => {
    const user = await appendUserCreated(store, { name: 'Ada Lovelace' });
    const eventId = await eventIdOf(`user-${user.userId}`, 'UserCreated');
    const posted = () => webhook.received.filter((w) => w.headers['x-chronicle-event-id'] === eventId);
    await waitUntil(() => smtp.to(user.email).length === 1 && posted().length === 1);
    await settle(500);

    const mails = smtp.to(user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0].messageId).toBe(`<${eventId}.send-welcome-email-when-user-created@chronicle>`);
    expect(mails[0].subject).toBe('Welcome to Chronicle, Ada Lovelace');
    expect(mails[0].body).toContain(`sign in with ${user.email}`);
    expect(posted()).toHaveLength(1);
    expect(posted()[0].headers['idempotency-key']).toBe(`${eventId}.post-to-chat-when-user-created`);
    expect(posted()[0].body.text).toContain('*Ada Lovelace*');
  });

  it('sends nothing again when the projection is rebuilt from the first event', async () => {
    const mailsBefore = smtp.mails.length;
    const webhooksBefore = webhook.received.length;
    await app.get(Projections).rebuild(NOTIFICATIONS_PROJECTION);
    await settle(800);
    expect(smtp.mails.length).toBe(mailsBefore);
    expect(webhook.received.length).toBe(webhooksBefore);
  });

  it('holds e-mails while SMTP is down (readiness degraded, chat goes on) and delivers all 100 once when it is back', async () => {
    const mailsBefore = smtp.mails.length;
    await smtpProxy.cut();
    const users = await appendUsers(store, 100);
    const emails = new Set(users.map((u) => u.email));

    const degraded = await waitForReadiness(baseUrl, (r) => !r.ready && r.body.channels.some((c) => c.channel === 'email' && c.state === 'degraded'));
    expect(degraded.status).toBe('degraded');
    // The other channel is not held back by this one.
    await waitUntil(() => webhook.received.filter((w) => users.some((u) => w.body.text?.includes(u.name))).length === 100);
    await waitUntil(async () => (await readiness(baseUrl))?.body.channels.find((c) => c.channel === 'email')?.deliveries.pending === 100);
    expect(smtp.mails.length).toBe(mailsBefore);

    await smtpProxy.restore();
    await smtp.waitForCount(mailsBefore + 100, 30_000);
    await waitForReadiness(baseUrl, (r) => r.ready);
    await settle(500);
    const delivered = smtp.mails.slice(mailsBefore);
    expect(delivered).toHaveLength(100);
    expect(new Set(delivered.map((m) => m.to))).toEqual(emails);
    expect(new Set(delivered.map((m) => m.messageId)).size).toBe(100);
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM chronicle_notifications.deliveries WHERE channel = 'email' AND status <> 'sent'`);
    expect(rows[0].n).toBe(0);
  });

  it('pauses chat while the webhook answers 503 (readiness degraded) and posts once when it is back', async () => {
    webhook.respondWith(503);
    await appendUserCreated(store, { name: 'Chat Outage' });
    const degraded = await waitForReadiness(baseUrl, (r) => r.body.channels.some((c) => c.channel === 'chat' && c.state === 'degraded'));
    expect(degraded.channels.find((c) => c.channel === 'chat')?.lastError).toContain('HTTP 503');
    webhook.respondWith(200);
    const posted = () => webhook.received.filter((w) => w.body.text?.includes('Chat Outage'));
    await waitUntil(() => posted().length === 1);
    await waitForReadiness(baseUrl, (r) => r.ready);
    await settle(300);
    expect(posted()).toHaveLength(1);
  });

  it('parks a chat message the webhook refuses with 400; the next one is posted', async () => {
    webhook.respondWith((body) => (body.text?.includes('Bad Payload') ? 400 : 200));
    const bad = await appendUserCreated(store, { name: 'Bad Payload' });
    const good = await appendUserCreated(store, { name: 'Good Payload' });
    await waitUntil(() => webhook.received.some((w) => w.body.text?.includes(good.name)));
    await waitUntil(async () => {
      const { rows } = await sql.query(`SELECT status FROM chronicle_notifications.deliveries WHERE handler = 'post-to-chat-when-user-created' AND message->>'text' LIKE $1`, [`%${bad.name}%`]);
      return rows[0]?.status === 'parked';
    });
    expect(webhook.received.some((w) => w.body.text?.includes('Bad Payload'))).toBe(false);
    webhook.respondWith(200);
  });

  it('parks a message the server keeps refusing after 3 attempts; the others go on', async () => {
    const refused = await appendUserCreated(store, { email: `refuse-${randomUUID()}@example.com` });
    const fine = await appendUserCreated(store);
    await waitUntil(() => smtp.to(fine.email).length === 1);
    await waitUntil(async () => {
      const { rows } = await sql.query(`SELECT status FROM chronicle_notifications.deliveries WHERE recipient = $1`, [refused.email]);
      return rows[0]?.status === 'parked';
    });
    const { rows } = await sql.query(`SELECT attempts, last_error FROM chronicle_notifications.deliveries WHERE recipient = $1`, [refused.email]);
    expect(rows[0]).toMatchObject({ attempts: 3, last_error: expect.stringContaining('SMTP 550') });
    expect(smtp.to(refused.email)).toHaveLength(0);
    const health = await readiness(baseUrl);
    expect(health?.ready).toBe(true);
    expect(health?.body.channels.find((c) => c.channel === 'email')?.deliveries.parked).toBe(1);
    expect(health?.body.channels.find((c) => c.channel === 'chat')?.deliveries.parked).toBe(1);
  });

  it('apologises to the customer of a rejected order, naming the items (events appended directly)', async () => {
    const customer = await appendUserCreated(store, { name: 'Grace' });
    const orderId = randomUUID();
    const lines = [
      { sku: 'mug-blue', quantity: 2 },
      { sku: 'tea-earl-grey', quantity: 5 },
    ];
    await store.appendToStream(`order-${orderId}`, [{ type: 'OrderPlaced', data: { orderId, customerId: customer.userId, lines } }], { expectedRevision: 'no_stream' });
    await store.appendToStream(`order-${orderId}`, [{ type: 'OrderRejected', data: { orderId, reason: 'STOCK_INSUFFICIENT: mug-blue' } }]);
    const apology = () => smtp.to(customer.email).filter((m) => m.subject.includes('could not take your order'));
    await waitUntil(() => apology().length === 1);
    const mail = apology()[0];
    expect(mail.subject).toContain(orderId);
    expect(mail.body).toContain('Hello Grace');
    expect(mail.body).toContain('2 x mug-blue');
    expect(mail.body).toContain('5 x tea-earl-grey');
    expect(mail.messageId).toBe(`<${await eventIdOf(`order-${orderId}`, 'OrderRejected')}.send-apology-email-when-order-rejected@chronicle>`);
  });
  it('records why no apology went out when the customer was deleted before the rejection', async () => {
    const customer = await appendUserCreated(store);
    const orderId = randomUUID();
    await store.appendToStream(`order-${orderId}`, [{ type: 'OrderPlaced', data: { orderId, customerId: customer.userId, lines: [{ sku: 'kettle', quantity: 1 }] } }]);
    await store.appendToStream(`user-${customer.userId}`, [{ type: 'UserDeleted', data: { userId: customer.userId } }]);
    await store.appendToStream(`order-${orderId}`, [{ type: 'OrderRejected', data: { orderId, reason: 'STOCK_INSUFFICIENT: kettle' } }]);
    const apology = async () =>
      (await sql.query(`SELECT status, last_error FROM chronicle_notifications.deliveries WHERE handler = 'send-apology-email-when-order-rejected' AND event_type = 'OrderRejected' AND last_error LIKE $1`, [`%${customer.userId}%`])).rows;
    await waitUntil(async () => (await apology()).length === 1);
    expect((await apology())[0]).toEqual({ status: 'skipped', last_error: `customer ${customer.userId} is unknown or deleted` });
    expect(smtp.to(customer.email).filter((m) => m.subject.includes('could not take your order'))).toHaveLength(0);
  });

  it('a second replica stands by (one sender per channel, one e-mail per user) and takes over when the first stops', async () => {
    const { app: replica } = await createNotificationsApp(env);
    await replica.listen(0, '127.0.0.1');
    const replicaUrl = `http://127.0.0.1:${(replica.getHttpServer().address() as AddressInfo).port}`;
    try {
      const standby = await waitForReadiness(replicaUrl, (r) => r.ready && r.body.channels.every((c) => c.state === 'standby'));
      expect(standby.channels.map((c) => c.state)).toEqual(['standby', 'standby']);
      const users = await appendUsers(store, 20);
      await waitUntil(() => users.every((u) => smtp.to(u.email).length > 0));
      await settle(300);
      for (const u of users) expect(smtp.to(u.email)).toHaveLength(1);

      await app.close();
      app = replica;
      await waitForReadiness(replicaUrl, (r) => r.body.channels.every((c) => c.state === 'active'));
      const late = await appendUserCreated(store);
      await waitUntil(() => smtp.to(late.email).length === 1);
    } finally {
      if (app !== replica) await replica.close();
    }
  });
});
