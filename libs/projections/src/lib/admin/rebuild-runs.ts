import type { DataSource } from 'typeorm';
import type { RebuildProgress } from '../rebuild/rebuild-progress';
import type { RuntimeTables } from '../store/runtime-schema';

/** A rebuild as operators follow it: its latest progress, or how it failed. */
export interface RebuildRun {
  projection: string;
  version: number;
  phase: RebuildProgress['phase'] | 'failed';
  processed: number;
  total: number;
  eventsPerSecond: number;
  etaSeconds: number | undefined;
  position: bigint;
  error: string | undefined;
  startedAt: Date;
  updatedAt: Date;
}

interface Row {
  projection: string;
  version: number;
  phase: RebuildRun['phase'];
  processed: string;
  total: string;
  events_per_second: number;
  eta_seconds: number | null;
  position: string;
  error: string | null;
  started_at: Date;
  updated_at: Date;
}

/** The rebuild table: one row per projection (its last rebuild), written as progress is reported, readable by any replica. */
export class RebuildRuns {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tables: RuntimeTables,
  ) {}

  async started(projection: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${this.tables.rebuilds} (projection, version, phase) VALUES ($1, 0, 'catching-up')
       ON CONFLICT (projection) DO UPDATE SET version = 0, phase = 'catching-up', processed = 0, total = 0, events_per_second = 0,
         eta_seconds = NULL, position = 0, error = NULL, started_at = now(), updated_at = now()`,
      [projection],
    );
  }

  async progressed(progress: RebuildProgress): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${this.tables.rebuilds} SET version = $2, phase = $3, processed = $4, total = $5, events_per_second = $6, eta_seconds = $7,
         position = $8, updated_at = now() WHERE projection = $1`,
      [progress.projection, progress.version, progress.phase, progress.processed, progress.total, progress.eventsPerSecond, progress.etaSeconds ?? null, progress.position.toString()],
    );
  }

  async failed(projection: string, error: string): Promise<void> {
    await this.dataSource.query(`UPDATE ${this.tables.rebuilds} SET phase = 'failed', error = $2, updated_at = now() WHERE projection = $1`, [projection, error]);
  }

  async latest(projection: string): Promise<RebuildRun | undefined> {
    const rows = (await this.dataSource.query(`SELECT * , processed::text, total::text, position::text FROM ${this.tables.rebuilds} WHERE projection = $1`, [
      projection,
    ])) as Row[];
    const r = rows[0];
    if (!r) return undefined;
    return {
      projection: r.projection,
      version: r.version,
      phase: r.phase,
      processed: Number(r.processed),
      total: Number(r.total),
      eventsPerSecond: r.events_per_second,
      etaSeconds: r.eta_seconds ?? undefined,
      position: BigInt(r.position),
      error: r.error ?? undefined,
      startedAt: new Date(r.started_at),
      updatedAt: new Date(r.updated_at),
    };
  }
}
