/**
 * Test fixture, run as a child process: runs the tally projection and prints JSON lines:
 * `ready`, `owned` (every 100 ms, the partitions it runs) and, with `trace`, `batch` when a
 * batch transaction starts applying (the handler then sleeps `slowMs`, so a kill lands mid-batch).
 */
import { createFixtureRuntime } from './fixture-runtime';
import { createTallyProjection } from './tally.projection';

export interface ProjectorConfig {
  connectionString: string;
  partitions: number;
  batchSize: number;
  leaseIntervalMs: number;
  trace?: boolean;
  slowMs?: number;
}

const print = (line: object): void => void process.stdout.write(`${JSON.stringify(line)}\n`);

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as ProjectorConfig;
  const projection = createTallyProjection('tally', config.partitions, {
    async beforeBatch() {
      if (config.trace) print({ type: 'batch' });
      if (config.slowMs) await new Promise((r) => setTimeout(r, config.slowMs));
    },
  });
  const runtime = await createFixtureRuntime(config.connectionString, {
    projections: [projection],
    batchSize: config.batchSize,
    maxWaitMs: 10,
    leaseIntervalMs: config.leaseIntervalMs,
  });
  await runtime.projections.start();
  print({ type: 'ready' });
  setInterval(() => print({ type: 'owned', partitions: runtime.projections.ownedPartitions('tally') }), 100);
}

void main();
