import type { EventStore } from '@chronicle/event-store';
import type { DataSource, QueryRunner } from 'typeorm';
import { partitionOf } from '../core/partition';
import type { ProjectionDefinition } from '../core/projection';
import { isReactor } from '../reactor/reactor-definition';
import type { RuntimeTables } from '../store/runtime-schema';
import { inTransaction } from '../store/transaction';

/** What resetting a subscription to a position does: said by the dry run, done by the confirmed one. */
export interface ResetPlan {
  subscription: string;
  kind: 'projection' | 'reactor';
  version: number;
  to: bigint;
  /** Each partition's checkpoint before the reset. */
  from: Array<{ partition: number; position: bigint }>;
  /** Handled events between the new position and a later checkpoint: delivered again. */
  reapplied: number;
  /** Handled events between an earlier checkpoint and the new position: never delivered. */
  skipped: number;
  /** Dead letters after the new position: removed, since their events are delivered again. */
  deadLettersCleared: number;
  /** What delivering those events again does, effect by effect. */
  effects: string[];
  confirmed: boolean;
}

export interface ResetDependencies {
  store: EventStore;
  dataSource: DataSource;
  tables: RuntimeTables;
}

/** The effects a redelivery can repeat, as the operator must hear them before confirming. */
function effectsOf(definition: ProjectionDefinition): string[] {
  if (!isReactor(definition)) return [`${definition.name}: ${definition.replay}`];
  const effects: string[] = [];
  for (const [type, steps] of definition.reactor.steps) {
    for (const step of steps) {
      effects.push(`${step.name} (on ${type}): sends its command again with the id of the first delivery; the command side answers it from what it already wrote`);
    }
  }
  if (definition.reactor.timers.size) effects.push(`timers: scheduling one that exists keeps its first due time; one that already fired is scheduled again`);
  return effects;
}

async function checkpoints(db: QueryRunner | DataSource, tables: RuntimeTables, name: string, lock: boolean): Promise<{ version: number; positions: Array<{ partition: number; position: bigint }> }> {
  const rows = (await db.query(
    `SELECT c.partition, c.version, c.position::text AS position FROM ${tables.checkpoints} c
       JOIN ${tables.versions} v ON v.projection = c.projection AND v.active_version = c.version
      WHERE c.projection = $1 ORDER BY c.partition ${lock ? 'FOR UPDATE OF c' : ''}`,
    [name],
  )) as Array<{ partition: number; version: number; position: string }>;
  return { version: rows[0]?.version ?? 1, positions: rows.map((r) => ({ partition: r.partition, position: BigInt(r.position) })) };
}

async function plan(deps: ResetDependencies, db: QueryRunner | DataSource, definition: ProjectionDefinition, to: bigint, lock: boolean): Promise<ResetPlan> {
  const { version, positions } = await checkpoints(db, deps.tables, definition.name, lock);
  const current = new Map(positions.map((p) => [p.partition, p.position]));
  const all = [...current.values(), to];
  const lo = all.reduce((a, b) => (a < b ? a : b), to);
  const hi = all.reduce((a, b) => (a > b ? a : b), to);
  let reapplied = 0;
  let skipped = 0;
  if (hi > lo) {
    for await (const event of deps.store.readAll({ fromPosition: lo, filter: { eventTypes: definition.handles } })) {
      if (event.position > hi) break;
      const checkpoint = current.get(partitionOf(event.streamId, definition.partitions)) ?? 0n;
      if (event.position > to && event.position <= checkpoint) reapplied++;
      else if (event.position > checkpoint && event.position <= to) skipped++;
    }
  }
  const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM ${deps.tables.deadLetters} WHERE projection = $1 AND version = $2 AND position > $3`, [
    definition.name,
    version,
    to.toString(),
  ])) as [{ n: number }];
  return {
    subscription: definition.name,
    kind: isReactor(definition) ? 'reactor' : 'projection',
    version,
    to,
    from: positions,
    reapplied,
    skipped,
    deadLettersCleared: n,
    effects: effectsOf(definition),
    confirmed: false,
  };
}

/** The dry run: what a reset to `to` would do now. Nothing changes. */
export function planReset(deps: ResetDependencies, definition: ProjectionDefinition, to: bigint): Promise<ResetPlan> {
  return plan(deps, deps.dataSource, definition, to, false);
}

/**
 * The confirmed reset: with every checkpoint row locked (running batches wait, then find their
 * checkpoint moved and start over from it), counts what it does as the dry run would, removes the
 * dead letters after `to` and moves every partition's checkpoint to `to`.
 */
export async function applyReset(deps: ResetDependencies, definition: ProjectionDefinition, to: bigint): Promise<ResetPlan> {
  const applied = await inTransaction(deps.dataSource, async (runner) => {
    const done = await plan(deps, runner, definition, to, true);
    await runner.query(`DELETE FROM ${deps.tables.deadLetters} WHERE projection = $1 AND version = $2 AND position > $3`, [definition.name, done.version, to.toString()]);
    await runner.query(
      `UPDATE ${deps.tables.checkpoints} SET position = $3, updated_at = now() WHERE projection = $1 AND version = $2`,
      [definition.name, done.version, to.toString()],
    );
    await runner.query(`SELECT pg_notify($1, $2)`, [deps.tables.channel, definition.name]);
    return { ...done, confirmed: true };
  });
  // Idle workers poll rarely: make them read now, so the next confirmation finds the checkpoint
  // moved. The reset stands if this fails; they notice at their next poll then.
  await deps.store.wakeSubscriptions?.().catch(() => undefined);
  return applied;
}
