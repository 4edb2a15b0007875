import type { DataSource, EntityManager } from 'typeorm';
import { UnknownProjectionError } from '../core/errors';
import { versionSchemaSql } from '../core/projection';
import { queryPrepared } from '../store/prepared';
import type { RuntimeTables } from '../store/runtime-schema';
import { inTransaction } from '../store/transaction';

/**
 * Runs a query against the active version of a projection's read model: one read-only
 * REPEATABLE READ transaction whose first statement reads the active version, so `fn` sees
 * one consistent snapshot of one complete version, even across a rebuild switch.
 */
export function withReadModel<T>(
  dataSource: DataSource,
  tables: RuntimeTables,
  projection: string,
  fn: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return inTransaction(
    dataSource,
    async (runner) => {
      // One round trip: the active version, its schema as the search path, and read-only mode.
      const rows = await queryPrepared<{ active_version: number }>(
        runner,
        `SELECT v.active_version, set_config('search_path', ${versionSchemaSql('v.projection', 'v.active_version')}, true),
                set_config('transaction_read_only', 'on', true)
           FROM ${tables.versions} v WHERE v.projection = $1`,
        [projection],
      );
      const version = rows[0]?.active_version;
      if (version === undefined) throw new UnknownProjectionError(projection);
      return fn(runner.manager);
    },
    'REPEATABLE READ',
  );
}
