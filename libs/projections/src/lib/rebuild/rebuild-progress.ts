/** Progress of a rebuild, reported after every batch. */
export interface RebuildProgress {
  projection: string;
  version: number;
  phase: 'catching-up' | 'switching' | 'done';
  /** Events applied to the new version so far. */
  processed: number;
  /** Events to apply: those stored when the rebuild started, plus the ones appended since that it read. */
  total: number;
  eventsPerSecond: number;
  /** Seconds left at the current rate; undefined before the rate is known. */
  etaSeconds: number | undefined;
  position: bigint;
}

/** Keeps the numbers of a rebuild's progress reports. */
export class ProgressMeter {
  private readonly startedAt = Date.now();
  private processed = 0;

  constructor(
    private readonly projection: string,
    private readonly version: number,
    private total: number,
  ) {}

  add(events: number): void {
    this.processed += events;
    this.total = Math.max(this.total, this.processed);
  }

  report(phase: RebuildProgress['phase'], position: bigint): RebuildProgress {
    const seconds = (Date.now() - this.startedAt) / 1000;
    const eventsPerSecond = seconds > 0 ? this.processed / seconds : 0;
    const left = this.total - this.processed;
    return {
      projection: this.projection,
      version: this.version,
      phase,
      processed: this.processed,
      total: this.total,
      eventsPerSecond: Math.round(eventsPerSecond),
      etaSeconds: phase === 'done' ? 0 : eventsPerSecond > 0 ? left / eventsPerSecond : undefined,
      position,
    };
  }
}
