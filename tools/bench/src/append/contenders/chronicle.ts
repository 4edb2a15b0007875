import { randomUUID } from 'node:crypto';
import { createPostgresEventStore, type PostgresEventStoreOptions } from '@chronicle/event-store';
import type { BenchEvent } from '../../lib/events';
import type { AppendContender, ContenderOptions } from './types';

/** Extra store options as JSON, for experiments, e.g. BENCH_CHRONICLE_OPTIONS='{"notifications":false}'. */
export function chronicleOptionsFromEnv(): Partial<PostgresEventStoreOptions> {
  const raw = process.env['BENCH_CHRONICLE_OPTIONS'];
  return raw ? (JSON.parse(raw) as Partial<PostgresEventStoreOptions>) : {};
}

/** Chronicle's PostgreSQL adapter (default options; schema migrated on create), appending with expectedRevision 'any'. */
export async function createChronicleContender(options: ContenderOptions): Promise<AppendContender> {
  const store = await createPostgresEventStore({
    connectionString: options.connectionString,
    poolSize: options.poolSize,
    ...chronicleOptionsFromEnv(),
  });
  // BENCH_CORRELATION=1: every append carries a correlation id, as the services' appends do
  // (it is indexed for `readByCorrelationId`); off by default, like the other contenders' events.
  const correlated = process.env['BENCH_CORRELATION'] === '1';
  return {
    name: 'chronicle',
    async append(streamId: string, events: readonly BenchEvent[]): Promise<void> {
      if (!correlated) {
        await store.appendToStream(streamId, events, { expectedRevision: 'any' });
        return;
      }
      const correlationId = randomUUID();
      await store.appendToStream(streamId, events.map((e) => ({ ...e, metadata: { correlationId } })), { expectedRevision: 'any' });
    },
    close: () => store.close(),
  };
}
