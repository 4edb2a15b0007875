import { useSyncExternalStore } from 'react';
import type { Subscription } from '../api/types';

/** How far back the lag charts reach. */
export const HISTORY_MS = 10 * 60_000;

export interface LagSample {
  at: number;
  lagEvents: number;
  lagSeconds: number;
}

/**
 * The lag of every subscription, sampled each time GET /admin/subscriptions is polled, kept for
 * the tab's life so the sparklines and charts do not start empty when one moves between views.
 */
class LagHistory {
  private samples = new Map<string, LagSample[]>();
  private listeners = new Set<() => void>();
  private version = 0;

  record(subscriptions: readonly Subscription[], at: number): void {
    const next = new Map(this.samples);
    for (const { name, lagEvents, lagSeconds } of subscriptions) {
      const kept = (next.get(name) ?? []).filter((sample) => sample.at > at - HISTORY_MS && sample.at < at);
      next.set(name, [...kept, { at, lagEvents, lagSeconds }]);
    }
    this.samples = next;
    this.version += 1;
    for (const listener of this.listeners) listener();
  }

  of(name: string): LagSample[] {
    return this.samples.get(name) ?? [];
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): number => this.version;
}

export const lagHistory = new LagHistory();

/** Re-renders when a new sample arrives. */
export function useLagHistory(): LagHistory {
  useSyncExternalStore(lagHistory.subscribe, lagHistory.snapshot);
  return lagHistory;
}
