import { IntegrationConsumer } from '@chronicle/messaging';
import { describeWithNats, readStreamMessages, type StoredMessage } from '@chronicle/testing';
import { headers } from 'nats';
import { Pool } from 'pg';
import { appendUsers, expectedPublishedIds, PUBLISHED_PER_USER } from '../testing/identity-events';
import { spawnRelay } from '../testing/relay-process';
import { sleep, until, useRelayTestContext } from '../testing/relay-test-context';

const EVENTS = 10_000;
const USERS = EVENTS / PUBLISHED_PER_USER;
const KILLS = 5;

describeWithNats('a relay SIGKILLed 5 times while 10,000 integration events are published', (natsUrl) => {
  const ctx = useRelayTestContext('crash', natsUrl);
  let pool: Pool;

  beforeAll(() => {
    pool = new Pool({ connectionString: ctx.connectionString, max: 4 });
  });
  afterAll(() => pool.end());

  it('ends with exactly 10,000 unique messages in store order, and a consumer inbox sees each once', async () => {
    const { store, nc, names } = ctx;
    const env = ctx.relayEnv({ RELAY_BATCH_SIZE: '100', RELAY_MAX_IN_FLIGHT: '256' });
    // Each life of the relay: a fifth of the events is being appended while it publishes, and it
    // dies at a random moment, acks in flight and checkpoint behind.
    const countsAtKill: number[] = [];
    for (let i = 0; i < KILLS; i++) {
      const before = await ctx.storedCount();
      const appending = appendUsers(store, USERS / KILLS, 4);
      const relay = await spawnRelay(env);
      // Killed mid-stream: once it has published a little of this life's share, after a random pause.
      await until(() => ctx.storedCount(), (n) => n >= before + 100, 'the relay publishes', 30_000);
      await sleep(Math.random() * 100);
      expect(await relay.kill()).toBe('SIGKILL');
      countsAtKill.push(await ctx.storedCount());
      await appending;
    }
    const survivor = await spawnRelay(env);
    try {
      const deadline = Date.now() + 30_000;
      while ((await ctx.storedCount()) < EVENTS && Date.now() < deadline) await sleep(50);
      const head = await store.headPosition();
      await survivor.waitFor((s) => s.checkpoint !== undefined && BigInt(s.checkpoint) >= head);

      expect(countsAtKill.filter((n) => n < EVENTS).length).toBe(KILLS);
      const messages = await readStreamMessages(nc, names.stream);
      expect(messages.map((m) => m.msgId)).toEqual(await expectedPublishedIds(store));
      expect(new Set(messages.map((m) => m.msgId)).size).toBe(EVENTS);
      const created = messages.find((m) => m.headers['Chronicle-Event-Type'] === 'UserCreated');
      expect(created?.subject).toBe(`${names.subjectPrefix}.identity.UserCreated`);
      expect(created?.data).not.toHaveProperty('passwordHash');
      expect(created?.headers['Chronicle-Correlation-Id']).toBeDefined();
      expect(created?.headers['Chronicle-Schema-Version']).toBe('1');

      await expectConsumerInboxSeesEachOnce(messages.slice(0, 100));
    } finally {
      await survivor.kill();
    }
    console.log(`relay crash test: stream size at each SIGKILL: ${countsAtKill.join(', ')} of ${EVENTS}`);
    // Six relay starts, each compiling the app on the fly: ~60 s on a quiet 2-core machine, twice that on a busy CI one.
  }, 240_000);

  /** Consumes the whole stream into a table through the inbox, with 100 events republished under other message ids. */
  async function expectConsumerInboxSeesEachOnce(republish: StoredMessage[]) {
    const { nc, names } = ctx;
    const js = nc.jetstream();
    for (const m of republish) {
      const h = headers();
      for (const [key, value] of Object.entries(m.headers)) if (key !== 'Nats-Msg-Id') h.set(key, value);
      await js.publish(m.subject, JSON.stringify(m.data), { msgID: `${m.msgId}-republished`, headers: h });
    }
    await pool.query('CREATE TABLE seen (event_id text NOT NULL, type text NOT NULL)');
    const consumer = new IntegrationConsumer({
      nats: nc,
      stream: names.stream,
      durable: 'crash-test-consumer',
      filterSubjects: [`${names.subjectPrefix}.identity.>`],
      pool,
      deadLetterSubject: `${names.subjectPrefix}.dead-letter`,
      handle: async (event, tx) => {
        await tx.query('INSERT INTO seen (event_id, type) VALUES ($1, $2)', [event.eventId, event.type]);
      },
    });
    await consumer.start();
    try {
      const deadline = Date.now() + 60_000;
      while (consumer.stats.handled + consumer.stats.duplicates < EVENTS + republish.length && Date.now() < deadline) await sleep(50);
    } finally {
      await consumer.stop();
    }
    const { rows } = await pool.query<{ total: string; distinct: string }>('SELECT count(*) AS total, count(DISTINCT event_id) AS distinct FROM seen');
    expect(rows[0]).toEqual({ total: String(EVENTS), distinct: String(EVENTS) });
    expect(consumer.stats).toMatchObject({ handled: EVENTS, duplicates: republish.length, deadLettered: 0 });
  }
});
