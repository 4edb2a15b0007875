import { randomUUID } from 'node:crypto';
import { deleteStreams, describeWithNats, readStreamMessages, uniqueJetStreamNames, useTestDatabase } from '@chronicle/testing';
import { connect, headers, type NatsConnection } from 'nats';
import { Pool, type PoolClient } from 'pg';
import { IntegrationHeaders } from '../integration/integration-headers';
import { ensureIntegrationStream } from '../integration/integration-stream';
import { IntegrationConsumer } from './integration-consumer';
import type { IntegrationEventMessage } from './integration-event-message';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeWithNats('IntegrationConsumer (durable JetStream consumer with a PostgreSQL inbox)', (natsUrl) => {
  const db = useTestDatabase();
  const names = uniqueJetStreamNames('consumer');
  // A subject per test: each test's consumer sees only its own messages.
  const subjectOf = (durable: string) => `${names.subjectPrefix}.${durable}.ThingHappened`;
  const deadLetterSubject = `${names.subjectPrefix}.dead-letter.demo`;
  let nc: NatsConnection;
  let pool: Pool;
  let consumer: IntegrationConsumer | undefined;

  beforeAll(async () => {
    nc = await connect({ servers: natsUrl });
    await ensureIntegrationStream(await nc.jetstreamManager(), { name: names.stream, subjectPrefix: names.subjectPrefix, duplicateWindowMs: 60_000 });
    pool = new Pool({ connectionString: db.connectionString, max: 4 });
    await pool.query('CREATE TABLE effects (event_id text NOT NULL, n int NOT NULL)');
  });
  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
  });
  afterAll(async () => {
    await deleteStreams(nc, names.stream);
    await nc.close();
    await pool.end();
  });

  async function publish(durable: string, eventId: string, n: number, msgId = eventId): Promise<void> {
    const h = headers();
    h.set(IntegrationHeaders.eventId, eventId);
    h.set(IntegrationHeaders.eventType, 'ThingHappened');
    h.set(IntegrationHeaders.schemaVersion, '1');
    await nc.jetstream().publish(subjectOf(durable), JSON.stringify({ n }), { msgID: msgId, headers: h });
  }

  function start(durable: string, handle: (event: IntegrationEventMessage, tx: PoolClient) => Promise<void>, backoffMs = [50, 150]): IntegrationConsumer {
    consumer = new IntegrationConsumer({ nats: nc, stream: names.stream, durable, filterSubjects: [subjectOf(durable)], pool, handle, deadLetterSubject, maxDeliver: 3, backoffMs });
    return consumer;
  }

  const recordEffect = async (event: IntegrationEventMessage, tx: PoolClient) => {
    await tx.query('INSERT INTO effects (event_id, n) VALUES ($1, $2)', [event.eventId, (event.data as { n: number }).n]);
  };
  const effectsOf = async (eventId: string) => (await pool.query('SELECT n FROM effects WHERE event_id = $1', [eventId])).rows;
  const until = async (done: () => boolean, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!done() && Date.now() < deadline) await sleep(20);
  };

  it('handles an event id once, even when it arrives again under another message id', async () => {
    const eventId = randomUUID();
    await publish('dedup', eventId, 1);
    await publish('dedup', eventId, 1, `${eventId}-again`);
    const c = start('dedup', recordEffect);
    await c.start();
    await until(() => c.stats.handled + c.stats.duplicates === 2);
    expect(c.stats).toMatchObject({ handled: 1, duplicates: 1 });
    expect(await effectsOf(eventId)).toEqual([{ n: 1 }]);
  });

  it('rolls back a failed attempt, redelivers with backoff and commits the effect once', async () => {
    const eventId = randomUUID();
    await publish('retry', eventId, 2);
    const attempts: number[] = [];
    const c = start('retry', async (event, tx) => {
      attempts.push(Date.now());
      await recordEffect(event, tx); // written, then rolled back when the handler throws
      if (attempts.length < 3) throw new Error('flaky downstream');
    });
    await c.start();
    await until(() => c.stats.handled === 1);
    expect(attempts).toHaveLength(3);
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(45);
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(145);
    expect(c.stats).toMatchObject({ handled: 1, retried: 2, deadLettered: 0 });
    expect(await effectsOf(eventId)).toEqual([{ n: 2 }]);
  });

  it('parks a message that keeps failing on the dead-letter subject, and goes on with the next', async () => {
    const poison = randomUUID();
    const healthy = randomUUID();
    await publish('dead-letter', poison, 3);
    await publish('dead-letter', healthy, 4);
    const c = start('dead-letter', async (event, tx) => {
      if (event.eventId === poison) throw new Error('cannot handle this one');
      await recordEffect(event, tx);
    });
    await c.start();
    await until(() => c.stats.deadLettered === 1 && c.stats.handled === 1);
    expect(c.stats).toMatchObject({ handled: 1, retried: 2, deadLettered: 1 });
    expect(await effectsOf(poison)).toEqual([]);
    expect(await effectsOf(healthy)).toEqual([{ n: 4 }]);
    const parked = await readStreamMessages(nc, names.stream, deadLetterSubject);
    expect(parked).toHaveLength(1);
    expect(parked[0]?.headers).toMatchObject({
      [IntegrationHeaders.eventId]: poison,
      'Chronicle-Dead-Letter-Reason': 'cannot handle this one',
      'Chronicle-Deliveries': '3',
      'Chronicle-Original-Subject': subjectOf('dead-letter'),
    });
    expect(parked[0]?.data).toEqual({ n: 3 });
  });
});
