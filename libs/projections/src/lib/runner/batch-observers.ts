import type { RecordedEvent } from '@chronicle/event-store';
import { withBatchSpan } from '@chronicle/observability';
import type { DataSource } from 'typeorm';

/** One batch that committed (or failed) with its checkpoint. */
export interface BatchReport {
  projection: string;
  partitions: readonly number[];
  events: number;
  seconds: number;
  outcome: 'committed' | 'failed';
}

export type BatchObserver = (report: BatchReport) => void;

/**
 * Who wants to hear of batches applied through a DataSource (the metrics of the app that owns
 * it). Keyed by the DataSource, so two apps in one process (tests) never hear of each other's.
 */
const observers = new WeakMap<DataSource, Set<BatchObserver>>();

/** Subscribes `observer` to the batches of `dataSource`; returns the unsubscribe. */
export function observeBatches(dataSource: DataSource, observer: BatchObserver): () => void {
  const set = observers.get(dataSource) ?? new Set<BatchObserver>();
  observers.set(dataSource, set);
  set.add(observer);
  return () => set.delete(observer);
}

export function reportBatch(dataSource: DataSource, report: BatchReport): void {
  for (const observer of observers.get(dataSource) ?? []) observer(report);
}

/** What a batch is applied to: its projection, partitions, and whether it is a live run or a rebuild. */
export interface ObservedTarget {
  projection: { name: string };
  partitions: readonly number[];
  mode: 'live' | 'rebuild';
}

/**
 * Runs one batch (`apply`: its work and checkpoint) measured for the observers of `dataSource`
 * and, when live and not empty, in a batch span linking every event's stored trace. A rebuild
 * replays history: its events' traces ended long ago, and spans would drown the live ones.
 */
export async function observedBatch<T>(dataSource: DataSource, target: ObservedTarget, events: readonly RecordedEvent[], apply: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const report = (outcome: BatchReport['outcome']) =>
    reportBatch(dataSource, { projection: target.projection.name, partitions: target.partitions, events: events.length, seconds: (performance.now() - started) / 1000, outcome });
  try {
    const result = await (target.mode === 'live' && events.length > 0 ? withBatchSpan(events, { subscriber: target.projection.name }, apply) : apply());
    report('committed');
    return result;
  } catch (error) {
    report('failed');
    throw error;
  }
}
