import { deleteStreams, describeWithNats, uniqueJetStreamNames } from '@chronicle/testing';
import { connect, type NatsConnection } from 'nats';
import { ensureIntegrationStream } from '../integration/integration-stream';
import { JetStreamPublisher } from './jetstream-publisher';

describeWithNats('JetStreamPublisher (one reply subscription for every ack)', (natsUrl) => {
  const names = uniqueJetStreamNames('publisher');
  let nc: NatsConnection;
  let publisher: JetStreamPublisher;

  beforeAll(async () => {
    nc = await connect({ servers: natsUrl });
    await ensureIntegrationStream(await nc.jetstreamManager(), { name: names.stream, subjectPrefix: names.subjectPrefix, duplicateWindowMs: 60_000 });
    publisher = new JetStreamPublisher(nc);
  });
  afterAll(async () => {
    publisher.close();
    await deleteStreams(nc, names.stream);
    await nc.close();
  });

  const message = (msgId: string, subject = `${names.subjectPrefix}.demo.ThingHappened`) => ({
    subject,
    msgId,
    headers: { 'Chronicle-Event-Id': msgId },
    payload: new TextEncoder().encode('{}'),
  });

  it('resolves each publish with its own ack, in order, and flags a resend as a duplicate', async () => {
    const acks = await Promise.all([publisher.publish(message('a'), 5000), publisher.publish(message('b'), 5000), publisher.publish(message('a'), 5000)]);
    expect(acks.map((a) => [a.stream, a.seq, a.duplicate ?? false])).toEqual([
      [names.stream, 1, false],
      [names.stream, 2, false],
      [names.stream, 1, true],
    ]);
  });

  it('rejects with a typed error when no stream captures the subject', async () => {
    await expect(publisher.publish(message('c', `nowhere-${names.subjectPrefix}.x`), 5000)).rejects.toMatchObject({ code: 'JETSTREAM_NO_STREAM' });
  });
});
