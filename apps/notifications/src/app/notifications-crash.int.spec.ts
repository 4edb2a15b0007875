import { createPostgresEventStore, type EventStore } from '@chronicle/event-store';
import { useTestDatabase, startSmtpTestServer, type SmtpTestServer } from '@chronicle/testing';
import { Client } from 'pg';
import { spawnNotifications, type NotificationsProcess } from '../testing/notifications-process';
import { settle, TEST_TIMINGS, waitUntil } from '../testing/test-timings';
import { appendUserCreated, type TestUser } from '../testing/user-events';
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver';

const USERS = 120;
const KILLS = 4;
const CONCURRENCY = 4;

describe('notifications killed with SIGKILL while events flow', () => {
  const db = useTestDatabase();
  let smtp: SmtpTestServer;
  let webhook: WebhookReceiver;
  let store: EventStore;
  let current: NotificationsProcess | undefined;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    webhook = await startWebhookReceiver();
    store = await createPostgresEventStore({ connectionString: db.connectionString, schema: 'chronicle' });
  });

  afterAll(async () => {
    await current?.kill();
    await store?.close();
    await webhook?.close();
    await smtp?.close();
  });

  it('loses no message; a resend carries the same Message-ID / Idempotency-Key, and resends are bounded by the in-flight sends', async () => {
    const env = {
      DATABASE_URL: db.connectionString,
      SMTP_URL: smtp.url,
      SLACK_WEBHOOK_URL: webhook.url,
      ...TEST_TIMINGS,
      NOTIFICATIONS_CONCURRENCY: String(CONCURRENCY),
    };
    current = await spawnNotifications(env);
    await current.ready();

    const users: TestUser[] = [];
    const appending = (async () => {
      for (let i = 0; i < USERS; i++) {
        users.push(await appendUserCreated(store));
        await settle(40);
      }
    })();
    for (let kill = 0; kill < KILLS; kill++) {
      await settle(400 + Math.floor(Math.random() * 400));
      expect(await current.kill()).toBe('SIGKILL');
      current = await spawnNotifications(env);
      await current.ready();
    }
    await appending;

    await waitUntil(() => users.every((u) => smtp.to(u.email).length > 0), 60_000);
    await waitUntil(() => users.every((u) => webhook.received.some((w) => w.body.text?.includes(u.name))), 60_000);
    await settle(500);

    const sql = new Client({ connectionString: db.connectionString });
    sql.on('error', () => undefined);
    await sql.connect();
    const { rows } = await sql.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM chronicle_notifications.deliveries GROUP BY status`);
    await sql.end();
    expect(rows).toEqual([{ status: 'sent', n: USERS * 2 }]);

    // Every copy of a user's welcome e-mail is the same message: one Message-ID per user.
    for (const user of users) expect(new Set(smtp.to(user.email).map((m) => m.messageId)).size).toBe(1);
    const webhookKeys = webhook.received.map((w) => String(w.headers['idempotency-key']));
    expect(new Set(webhookKeys).size).toBe(USERS);
    const duplicateMails = smtp.mails.length - USERS;
    const duplicateWebhooks = webhook.received.length - USERS;
    console.log(`after ${KILLS} SIGKILLs: ${USERS} users, ${duplicateMails} duplicate e-mails, ${duplicateWebhooks} duplicate webhooks`);
    // A kill can only repeat what was in flight (sent, not yet marked): at most the bulkhead per channel.
    expect(duplicateMails).toBeLessThanOrEqual(KILLS * CONCURRENCY);
    expect(duplicateWebhooks).toBeLessThanOrEqual(KILLS * CONCURRENCY);
  }, 150_000);
});
