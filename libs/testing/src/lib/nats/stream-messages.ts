import type { JsMsg, NatsConnection } from 'nats';

export interface StoredMessage {
  seq: number;
  subject: string;
  msgId: string | undefined;
  headers: Record<string, string>;
  data: unknown;
}

function toStored(m: JsMsg): StoredMessage {
  const headers: Record<string, string> = {};
  for (const [key, values] of m.headers ?? []) headers[key] = values[0] ?? '';
  return { seq: m.info.streamSequence, subject: m.subject, msgId: headers['Nats-Msg-Id'], headers, data: m.json<unknown>() };
}

/**
 * Every message of a JetStream stream (or of one subject of it), in stream order, through an
 * ordered ephemeral consumer. A single filter subject goes as a string: an array would need NATS 2.10.
 */
export async function readStreamMessages(nc: NatsConnection, stream: string, filterSubject?: string): Promise<StoredMessage[]> {
  const jsm = await nc.jetstreamManager();
  const total = (await jsm.streams.info(stream)).state.messages;
  if (total === 0) return [];
  const consumer = await nc.jetstream().consumers.get(stream, filterSubject ? { filterSubjects: filterSubject } : {});
  const messages = await consumer.consume();
  const out: StoredMessage[] = [];
  for await (const m of messages) {
    out.push(toStored(m));
    if (m.info.pending === 0) break;
  }
  await messages.close();
  return out;
}

/** Deletes the test's streams (their consumers go with them); missing ones are fine. */
export async function deleteStreams(nc: NatsConnection, ...streams: string[]): Promise<void> {
  const jsm = await nc.jetstreamManager();
  for (const stream of streams) await jsm.streams.delete(stream).catch(() => undefined);
}
