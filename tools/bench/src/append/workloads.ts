import { benchEvents } from '../lib/events';
import { sleep, summarizeLatencies, type LatencySummary } from '../lib/stats';
import type { AppendContender } from './contenders';

export const WORKLOADS = ['a', 'b', 'c'] as const;
export type WorkloadName = (typeof WORKLOADS)[number];

export const WORKLOAD_TITLES: Record<WorkloadName, string> = {
  a: '(a) 1 event/append, concurrent writers',
  b: '(b) 10 events/append, concurrent writers',
  c: '(c) 1 event/append, 1 sequential writer',
};

export interface WorkloadSpec {
  readonly writers: number;
  readonly eventsPerAppend: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  /** Each writer cycles through this many streams of its own. */
  readonly streamsPerWriter: number;
  /** Record per-append latencies (meant for the sequential workload). */
  readonly latencies: boolean;
}

export interface WorkloadResult {
  readonly appends: number;
  readonly events: number;
  readonly seconds: number;
  readonly appendsPerSec: number;
  readonly eventsPerSec: number;
  readonly latency?: LatencySummary;
}

/**
 * `writers` loops append back to back (each to its own streams `bench-<tag><writer>-<n % streams>`)
 * for warm-up + duration; only appends completed inside the measured window count.
 */
export async function runWorkload(contender: AppendContender, tag: string, spec: WorkloadSpec): Promise<WorkloadResult> {
  let measuring = false;
  let stopped = false;
  let appends = 0;
  let failure: unknown;
  const latencies: number[] = [];
  let seq = 0;

  const writer = async (w: number): Promise<void> => {
    for (let n = 0; !stopped; n++) {
      const events = benchEvents(seq, spec.eventsPerAppend);
      seq += spec.eventsPerAppend;
      const started = performance.now();
      await contender.append(`bench-${tag}${w}-${n % spec.streamsPerWriter}`, events);
      if (measuring) {
        appends++;
        if (spec.latencies) latencies.push(performance.now() - started);
      }
    }
  };
  const tasks = Array.from({ length: spec.writers }, (_, w) =>
    writer(w).catch((error: unknown) => {
      failure ??= error;
      stopped = true;
    }),
  );

  await sleep(spec.warmupMs);
  measuring = true;
  const t0 = performance.now();
  await sleep(spec.durationMs);
  measuring = false;
  const seconds = (performance.now() - t0) / 1000;
  stopped = true;
  await Promise.all(tasks);
  if (failure !== undefined) throw failure;

  return {
    appends,
    events: appends * spec.eventsPerAppend,
    seconds,
    appendsPerSec: appends / seconds,
    eventsPerSec: (appends * spec.eventsPerAppend) / seconds,
    ...(spec.latencies ? { latency: summarizeLatencies(latencies) } : {}),
  };
}

export function workloadSpec(name: WorkloadName, writers: number, seconds: number, warmupMs: number): WorkloadSpec {
  const base = { warmupMs, durationMs: seconds * 1000, streamsPerWriter: 100 };
  switch (name) {
    case 'a':
      return { ...base, writers, eventsPerAppend: 1, latencies: false };
    case 'b':
      return { ...base, writers, eventsPerAppend: 10, latencies: false };
    case 'c':
      return { ...base, writers: 1, eventsPerAppend: 1, latencies: true };
  }
}
