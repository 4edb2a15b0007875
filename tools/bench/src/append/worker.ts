import { serveWorker } from '../lib/worker';
import { createContender, type ContenderName } from './contenders';
import { runWorkload, workloadSpec, type WorkloadName, type WorkloadResult } from './workloads';

export interface AppendWorkerInput {
  readonly contender: ContenderName;
  readonly connectionString: string;
  readonly poolSize: number;
  readonly writers: number;
  readonly seconds: number;
  readonly warmupMs: number;
  readonly workloads: readonly WorkloadName[];
  readonly round: number;
}

export type AppendWorkerResult = Partial<Record<WorkloadName, WorkloadResult>>;

/** One contender, one round: every workload in turn, in this fresh process. */
async function run(input: AppendWorkerInput): Promise<AppendWorkerResult> {
  const contender = await createContender(input.contender, {
    connectionString: input.connectionString,
    poolSize: input.poolSize,
  });
  try {
    const results: AppendWorkerResult = {};
    for (const name of input.workloads) {
      // Streams are distinct per workload and per round: every writer starts on fresh streams.
      results[name] = await runWorkload(
        contender,
        `${name}${input.round}w`,
        workloadSpec(name, input.writers, input.seconds, input.warmupMs),
      );
    }
    return results;
  } finally {
    await contender.close();
  }
}

serveWorker(run);
