import { createPostgresEventStore } from '@chronicle/event-store';
import type { BenchEvent } from '../../lib/events';
import type { AppendContender, ContenderOptions } from './types';

/** Chronicle's PostgreSQL adapter (default options; schema migrated on create), appending with expectedRevision 'any'. */
export async function createChronicleContender(options: ContenderOptions): Promise<AppendContender> {
  const store = await createPostgresEventStore({ connectionString: options.connectionString, poolSize: options.poolSize });
  return {
    name: 'chronicle',
    async append(streamId: string, events: readonly BenchEvent[]): Promise<void> {
      await store.appendToStream(streamId, events, { expectedRevision: 'any' });
    },
    close: () => store.close(),
  };
}
