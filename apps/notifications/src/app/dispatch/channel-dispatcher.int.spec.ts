import type { RecordedEvent } from '@chronicle/event-store';
import { useTestDatabase } from '@chronicle/testing';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { Channel } from '../channels/channel';
import { MessageRejectedError } from '../channels/channel.errors';
import { migrateDeliveries } from '../deliveries/deliveries.schema';
import type { Delivery, DeliveryDraft } from '../deliveries/delivery';
import { DeliveryStore, recordDelivery } from '../deliveries/delivery-store';
import type { ChannelSettings } from '../notifications.config';
import { ChannelDispatcher } from './channel-dispatcher';

const settings: ChannelSettings = {
  maxAttempts: 3,
  concurrency: 2,
  sendTimeoutMs: 2_000,
  retryBaseMs: 300,
  retryMaxMs: 300,
  breakerThreshold: 5,
  breakerHalfOpenMs: 1_000,
  pollIntervalMs: 20,
  idlePollMs: 30_000,
  leaseIntervalMs: 50,
};

const event = (): RecordedEvent => ({
  eventId: uuidv7(),
  type: 'UserCreated',
  streamId: `user-${uuidv7()}`,
  revision: 0n,
  position: 1n,
  schemaVersion: 1,
  data: {},
  metadata: {},
  recordedAt: new Date(),
});

describe('ChannelDispatcher (idle)', () => {
  const db = useTestDatabase();
  let dataSource: DataSource;
  let dispatcher: ChannelDispatcher | undefined;

  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'postgres', url: db.connectionString }).initialize();
    await migrateDeliveries(dataSource);
  });
  afterEach(() => dispatcher?.stop());
  afterAll(() => dataSource.destroy());

  it('with nothing due, reads the outbox once and sleeps; a new delivery (NOTIFY at commit) and its retry at its due time wake it', async () => {
    const store = new DeliveryStore(dataSource);
    let reads = 0;
    const due = store.due.bind(store);
    store.due = (...args) => (reads++, due(...args));
    const sent: Array<{ delivery: Delivery; at: number }> = [];
    let failNext = 1;
    const attemptsSeen: number[] = [];
    const channel: Channel = {
      name: 'email',
      target: 'test',
      send: async (delivery) => {
        // Refused once: the message is rescheduled (next_attempt_at ahead), not retried in-process.
        if (failNext-- > 0) throw new MessageRejectedError('refused once');
        attemptsSeen.push(delivery.attempts);
        sent.push({ delivery, at: Date.now() });
      },
      close: async () => undefined,
    };
    dispatcher = new ChannelDispatcher(channel, store, settings, db.connectionString);
    dispatcher.start();
    await new Promise((r) => setTimeout(r, 1_500));
    // A poll interval of 20 ms would have read ~75 times.
    expect(reads).toBeLessThanOrEqual(2);

    const draft: DeliveryDraft = { channel: 'email', recipient: 'a@example.test', message: { to: 'a@example.test', subject: 's', text: 't', html: '<p>t</p>' } };
    const recordedAt = Date.now();
    await dataSource.transaction((manager) =>
      recordDelivery(manager, 'welcome', event(), draft),
    );
    const deadline = Date.now() + 5_000;
    while (sent.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    // Refused at once, then sent when its rescheduled attempt came due: well before the 30 s idle poll.
    expect(sent).toHaveLength(1);
    expect(attemptsSeen).toEqual([1]);
    expect(sent[0]!.at - recordedAt).toBeLessThan(3_000);
  });
});
