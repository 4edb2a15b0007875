import { createPostgresEventStore, type EventStore } from '@chronicle/event-store';
import { createPostgresPool } from '@chronicle/postgres';
import type { Pool } from 'pg';
import { identityIntegrationEvents } from '@chronicle/identity-contracts';
import { createIntegrationEventMapper, ensureIntegrationStream, EventRelay } from '@chronicle/messaging';
import { connect, headers, type NatsConnection } from 'nats';
import { envInt } from '../lib/env';
import { withBenchDatabase, type BenchDatabase } from '../lib/server';
import { fmtFixed, fmtInt, ratio, sleep } from '../lib/stats';
import { printTable } from '../lib/table';
import { seedIntegrationEvents } from './seed-integration-events';

interface Run {
  contender: string;
  published: number;
  seconds: number;
}

const mappings = [identityIntegrationEvents];
const runId = Date.now().toString(36);
const streamFor = (contender: string) => ({ name: `BENCH-RELAY-${contender}-${runId}`, subjectPrefix: `bench-relay-${contender}-${runId}`, duplicateWindowMs: 120_000 });

/** One publish, await its ack, then the next: what a relay without pipelining does. */
async function runNaive(store: EventStore, nc: NatsConnection): Promise<Run> {
  const stream = streamFor('naive');
  await ensureIntegrationStream(await nc.jetstreamManager(), stream);
  const map = createIntegrationEventMapper(mappings, stream.subjectPrefix);
  const js = nc.jetstream();
  const t0 = performance.now();
  let published = 0;
  for await (const event of store.readAll()) {
    const message = map(event);
    if (!message) continue;
    const h = headers();
    for (const [key, value] of Object.entries(message.headers)) h.set(key, value);
    await js.publish(message.subject, message.payload, { msgID: message.msgId, headers: h });
    published++;
  }
  return { contender: 'naive (await each ack)', published, seconds: (performance.now() - t0) / 1000 };
}

async function runRelay(db: BenchDatabase, pool: Pool, store: EventStore, nc: NatsConnection, head: bigint): Promise<Run> {
  const stream = streamFor('chronicle');
  const relay = new EventRelay({
    name: `bench-${runId}`,
    store,
    connectionString: db.connectionString,
    pool,
    nats: nc,
    stream,
    mappings,
    batchSize: envInt('BENCH_RELAY_BATCH', 500),
    maxInFlight: envInt('BENCH_RELAY_IN_FLIGHT', 1000),
    leaseIntervalMs: 1000,
    publishTimeoutMs: 10_000,
    retryDelayMs: 100,
    // Timed from the first publish, like the naive one (whose stream exists before its clock starts).
    onStateChange: (status) => {
      if (status.state === 'publishing') t0 ??= performance.now();
    },
  });
  let t0: number | undefined;
  await relay.start();
  while (BigInt(relay.status().checkpoint ?? '-1') < head) {
    if (relay.status().lastError) throw new Error(`relay failed: ${relay.status().lastError}`);
    await sleep(2);
  }
  const seconds = (performance.now() - (t0 ?? 0)) / 1000;
  await relay.stop();
  const info = await (await nc.jetstreamManager()).streams.info(stream.name);
  return { contender: `chronicle relay (pipelined, ${envInt('BENCH_RELAY_IN_FLIGHT', 1000)} in flight)`, published: info.state.messages, seconds };
}

export async function main(): Promise<number> {
  const natsUrl = process.env['NATS_URL'];
  if (!natsUrl) {
    console.log('SKIPPED: bench:relay needs NATS with JetStream (set NATS_URL=nats://127.0.0.1:4222)');
    return 0;
  }
  const flag = process.argv.find((a) => a.startsWith('--events='));
  const events = flag ? Number(flag.slice('--events='.length)) : envInt('BENCH_RELAY_EVENTS', 20_000);
  console.log(`relay benchmark: events=${fmtInt(events)} nats=${natsUrl}`);
  const nc = await connect({ servers: natsUrl });
  const runs: Run[] = [];
  try {
    await withBenchDatabase('bench_relay', async (db) => {
      // One page size for both contenders: the relay app reads 2,000 events a page (RELAY_READ_PAGE_SIZE).
      const pool = createPostgresPool({ connectionString: db.connectionString, max: 4 });
      const store = await createPostgresEventStore({ pool, pageSize: 2000 });
      try {
        await seedIntegrationEvents(store, events);
        const head = await store.headPosition();
        console.log(`seeded ${fmtInt(events)} UserUpdated events`);
        runs.push(await runNaive(store, nc));
        runs.push(await runRelay(db, pool, store, nc, head));
      } finally {
        await store.close();
        await pool.end();
      }
    });
  } finally {
    const jsm = await nc.jetstreamManager();
    for (const contender of ['naive', 'chronicle']) await jsm.streams.delete(streamFor(contender).name).catch(() => undefined);
    await nc.close();
  }
  const [naive, relay] = runs;
  if (!naive || !relay) throw new Error('a contender did not run');
  if (naive.published !== events || relay.published !== events) throw new Error(`published ${naive.published} / ${relay.published} of ${events}`);
  const rate = (r: Run) => r.published / r.seconds;
  printTable(
    `publishing ${fmtInt(events)} integration events to JetStream (same store, same NATS, same run)`,
    ['relay', 'published', 'seconds', 'events/s', 'vs naive'],
    runs.map((r) => [r.contender, fmtInt(r.published), fmtFixed(r.seconds), fmtInt(rate(r)), `${fmtFixed(ratio(rate(r), rate(naive)))}x`]),
  );
  console.log(`RESULT relay/naive=${fmtFixed(ratio(rate(relay), rate(naive)))}`);
  return 0;
}
