import type { RecordedEvent } from '@chronicle/event-store';
import type { DataSource, QueryRunner } from 'typeorm';
import { DeadLetterNotFoundError } from '../core/errors';
import type { ProjectionDefinition } from '../core/projection';
import { applyOne, type HandlerRetryOptions } from '../runner/apply-events';
import { inVersionTransaction } from '../runner/batch-applier';
import { lockCheckpoints } from '../store/checkpoint-sql';
import { decodeEvent, type StoredEvent } from '../store/event-codec';
import type { RuntimeTables } from '../store/runtime-schema';
import { StagedEffects } from '../reactor/reaction-context';
import type { ReactorApplier } from '../reactor/reactor-applier';
import { isReactor, type ReactorProjection } from '../reactor/reactor-definition';
import type { DeadLetterStatus } from './dead-letter-sql';

/** A parked event: the poison one ('failed') or one queued behind it on the same stream ('held'). */
export interface DeadLetter {
  id: string;
  projection: string;
  version: number;
  partition: number;
  streamId: string;
  /** The key it holds back (its stream id unless the projection keys otherwise). */
  holdKey: string;
  position: bigint;
  status: DeadLetterStatus;
  error: string | undefined;
  attempts: number;
  createdAt: Date;
  event: RecordedEvent;
}

/** What a retry or skip did: events applied, and the dead letter that failed again (if any). */
export interface DeadLetterResolution {
  applied: number;
  failed: DeadLetter | undefined;
  stillParked: number;
}

interface DeadLetterRow {
  id: string;
  projection: string;
  version: number;
  partition: number;
  stream_id: string;
  hold_key: string;
  position: string;
  status: DeadLetterStatus;
  error: string | null;
  attempts: number;
  created_at: Date;
  event: StoredEvent;
}

const toDeadLetter = (r: DeadLetterRow): DeadLetter => ({
  id: String(r.id),
  projection: r.projection,
  version: r.version,
  partition: r.partition,
  streamId: r.stream_id,
  holdKey: r.hold_key,
  position: BigInt(r.position),
  status: r.status,
  error: r.error ?? undefined,
  attempts: r.attempts,
  createdAt: new Date(r.created_at),
  event: decodeEvent(r.event),
});

/**
 * Every column, ids and positions as text (int8 exceeds a JS number). An ORDER BY must name the
 * table's column (`d.position`): a bare `position` means this text output, which sorts
 * 1000000000 before 999999999.
 */
const COLUMNS = 'id::text, projection, version, partition, stream_id, coalesce(hold_key, stream_id) AS hold_key, position::text, status, error, attempts, created_at, event';

/** Lists, retries and skips parked events. */
export class DeadLetters {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tables: RuntimeTables,
    private readonly retryOptions: HandlerRetryOptions,
    private readonly reactors: ReactorApplier,
  ) {}

  /** The parked events of the projection's active version, in position order. */
  async list(projection: string): Promise<DeadLetter[]> {
    const rows: DeadLetterRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${this.tables.deadLetters} d
        WHERE projection = $1 AND version = (SELECT active_version FROM ${this.tables.versions} WHERE projection = $1)
        ORDER BY d.position`,
      [projection],
    );
    return rows.map(toDeadLetter);
  }

  /** Re-applies the parked events of its hold key in order (the fixed handler); its key is released when all apply. */
  retry(projection: ProjectionDefinition, id: string): Promise<DeadLetterResolution> {
    return this.resolve(projection, id, false);
  }

  /** Drops the dead letter `id` without applying it, then re-applies the rest of its stream's queue. */
  skip(projection: ProjectionDefinition, id: string): Promise<DeadLetterResolution> {
    return this.resolve(projection, id, true);
  }

  private async resolve(projection: ProjectionDefinition, id: string, skipFirst: boolean): Promise<DeadLetterResolution> {
    const [target] = await this.rowsWhere(this.dataSource, 'projection = $1 AND id = $2::int8', [projection.name, id]);
    if (!target) throw new DeadLetterNotFoundError(projection.name, id);
    if (isReactor(projection)) return this.resolveReaction(projection, target, id, skipFirst);
    return inVersionTransaction(this.dataSource, projection.name, target.version, async (runner) => {
      // The partition's checkpoint row lock keeps a running batch of that partition out meanwhile.
      await lockCheckpoints(runner, this.tables, projection.name, target.version, [target.partition]);
      const queue = await this.rowsWhere(
        runner,
        'projection = $1 AND version = $2 AND partition = $3 AND coalesce(hold_key, stream_id) = $4 ORDER BY d.position FOR UPDATE',
        [projection.name, target.version, target.partition, target.hold_key],
      );
      if (!queue.some((r) => String(r.id) === id)) throw new DeadLetterNotFoundError(projection.name, id);
      let applied = 0;
      for (const [index, row] of queue.entries()) {
        if (!(skipFirst && String(row.id) === id)) {
          const outcome = await applyOne(runner, projection.handler, decodeEvent(row.event), this.retryOptions);
          if (!outcome.ok) {
            const [failed] = await this.rowsWhere(
              runner,
              `id = $1::int8 AND projection = $2`,
              [row.id, projection.name],
              `UPDATE ${this.tables.deadLetters} SET status = 'failed', error = $3, attempts = attempts + $4, updated_at = now()`,
              [outcome.error, outcome.attempts],
            );
            return { applied, failed: failed && toDeadLetter(failed), stillParked: queue.length - index };
          }
          applied++;
        }
        await runner.query(`DELETE FROM ${this.tables.deadLetters} WHERE id = $1::int8`, [row.id]);
      }
      return { applied, failed: undefined, stillParked: 0 };
    });
  }

  /**
   * A reactor's queue: each reaction runs outside any transaction (it sends commands), then its
   * staged effects and the dead letter's removal commit together under the partition's checkpoint lock.
   */
  private async resolveReaction(projection: ReactorProjection, target: DeadLetterRow, id: string, skipFirst: boolean): Promise<DeadLetterResolution> {
    const queueOf = () =>
      this.rowsWhere(this.dataSource, 'projection = $1 AND version = $2 AND partition = $3 AND coalesce(hold_key, stream_id) = $4 ORDER BY d.position', [
        projection.name,
        target.version,
        target.partition,
        target.hold_key,
      ]);
    let queue = await queueOf();
    if (!queue.some((r) => String(r.id) === id)) throw new DeadLetterNotFoundError(projection.name, id);
    let applied = 0;
    // Until the key's queue is empty: a live batch may park more events behind it while this runs.
    while (queue.length > 0) {
      for (const [index, row] of queue.entries()) {
        let effects: StagedEffects | undefined;
        if (!(skipFirst && String(row.id) === id)) {
          const outcome = await this.reactors.react(projection, decodeEvent(row.event), new StagedEffects());
          if (!outcome.ok) {
            const [failed] = await this.rowsWhere(
              this.dataSource,
              `id = $1::int8 AND projection = $2`,
              [row.id, projection.name],
              `UPDATE ${this.tables.deadLetters} SET status = 'failed', error = $3, attempts = attempts + $4, updated_at = now()`,
              [outcome.error, outcome.attempts],
            );
            return { applied, failed: failed && toDeadLetter(failed), stillParked: queue.length - index };
          }
          effects = outcome.effects;
          applied++;
        }
        await this.reactors.commitResolved(projection, row.version, row.partition, String(row.id), effects);
      }
      queue = await queueOf();
    }
    return { applied, failed: undefined, stillParked: 0 };
  }

  /** SELECT (or an UPDATE ... RETURNING given as `head`) of dead-letter rows. */
  private async rowsWhere(
    db: DataSource | QueryRunner,
    where: string,
    params: unknown[],
    head?: string,
    headParams: unknown[] = [],
  ): Promise<DeadLetterRow[]> {
    const sql = head
      ? `${head} WHERE ${where} RETURNING ${COLUMNS}`
      : `SELECT ${COLUMNS} FROM ${this.tables.deadLetters} d WHERE ${where}`;
    const result: unknown = await db.query(sql, [...params, ...headParams]);
    // TypeORM returns [rows, count] for UPDATE on postgres, plain rows for SELECT.
    return (head ? (result as [DeadLetterRow[], number])[0] : result) as DeadLetterRow[];
  }
}
