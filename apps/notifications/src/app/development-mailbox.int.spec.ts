import type { INestApplication } from '@nestjs/common';
import { createPostgresEventStore, type EventStore } from '@chronicle/event-store';
import { useTestDatabase } from '@chronicle/testing';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_TIMINGS, waitUntil } from '../testing/test-timings';
import { appendUserCreated } from '../testing/user-events';
import { createNotificationsApp } from './create-notifications-app';

describe('notifications without SMTP_URL / SLACK_WEBHOOK_URL (npm start)', () => {
  const db = useTestDatabase();
  let mailbox: string;
  let store: EventStore;
  let app: INestApplication;

  beforeAll(async () => {
    mailbox = await mkdtemp(join(tmpdir(), 'chronicle-mailbox-test-'));
    store = await createPostgresEventStore({ connectionString: db.connectionString, schema: 'chronicle' });
    ({ app } = await createNotificationsApp({ DATABASE_URL: db.connectionString, MAILBOX_DIR: mailbox, ...TEST_TIMINGS }));
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await rm(mailbox, { recursive: true, force: true });
  });

  it('writes each e-mail as an .eml file and each chat message as JSON to the development mailbox', async () => {
    const user = await appendUserCreated(store, { name: 'Linus' });
    let eventId = '';
    for await (const e of store.readStream(`user-${user.userId}`)) eventId = e.eventId;
    const eml = join(mailbox, `${eventId}.send-welcome-email-when-user-created.eml`);
    const chat = join(mailbox, 'chat', `${eventId}.post-to-chat-when-user-created.json`);
    await waitUntil(async () => {
      const files = [...(await readdir(mailbox).catch(() => [])), ...(await readdir(join(mailbox, 'chat')).catch(() => []))];
      return files.some((f) => eml.endsWith(f)) && files.some((f) => chat.endsWith(f));
    });
    // Unfolded: long header lines continue on the next line.
    const message = (await readFile(eml, 'utf8')).replace(/\r?\n[ \t]+/g, ' ');
    expect(message).toContain(`Message-ID: <${eventId}.send-welcome-email-when-user-created@chronicle>`);
    expect(message).toContain(`To: ${user.email}`);
    expect(message).toContain('Subject: Welcome to Chronicle, Linus');
    expect(JSON.parse(await readFile(chat, 'utf8'))).toEqual({
      idempotencyKey: `${eventId}.post-to-chat-when-user-created`,
      text: `:wave: New user *Linus* (${user.email}) signed up.`,
    });
  });
});
