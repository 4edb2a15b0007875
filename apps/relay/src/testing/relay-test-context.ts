import { createPostgresEventStore, type PostgresEventStore } from '@chronicle/event-store';
import { deleteStreams, uniqueJetStreamNames, useTestDatabase } from '@chronicle/testing';
import { connect, type NatsConnection } from 'nats';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `probe` until `done`, failing with the last value after `timeoutMs`. */
export async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${timeoutMs} ms (last: ${JSON.stringify(value)})`);
    await sleep(25);
  }
}

export interface RelayTestContext {
  readonly names: { stream: string; subjectPrefix: string };
  readonly connectionString: string;
  readonly store: PostgresEventStore;
  /** A NATS connection of the test's own (not through any proxy). */
  readonly nc: NatsConnection;
  /** The relay app's environment for this test's database and stream. */
  relayEnv(extra?: Record<string, string>): Record<string, string>;
  /** Messages in the test's JetStream stream (0 before the relay created it). */
  storedCount(): Promise<number>;
}

/** A database, an event store, a NATS connection and a unique JetStream stream per test file; all cleaned up after. */
export function useRelayTestContext(label: string, natsUrl: string): RelayTestContext {
  const db = useTestDatabase();
  const names = uniqueJetStreamNames(label);
  let store: PostgresEventStore | undefined;
  let nc: NatsConnection | undefined;
  beforeAll(async () => {
    store = await createPostgresEventStore({ connectionString: db.connectionString });
    nc = await connect({ servers: natsUrl });
  });
  afterAll(async () => {
    if (nc) {
      await deleteStreams(nc, names.stream);
      await nc.close();
    }
    await store?.close();
  });
  const required = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useRelayTestContext(): only inside tests and hooks');
    return value;
  };
  return {
    names,
    get connectionString() {
      return db.connectionString;
    },
    get store() {
      return required(store);
    },
    get nc() {
      return required(nc);
    },
    relayEnv: (extra = {}) => ({
      DATABASE_URL: db.connectionString,
      NATS_URL: natsUrl,
      RELAY_STREAM: names.stream,
      RELAY_SUBJECT_PREFIX: names.subjectPrefix,
      RELAY_LEASE_INTERVAL_MS: '200',
      ...extra,
    }),
    async storedCount() {
      const jsm = await required(nc).jetstreamManager();
      return (await jsm.streams.info(names.stream).catch(() => undefined))?.state.messages ?? 0;
    },
  };
}
