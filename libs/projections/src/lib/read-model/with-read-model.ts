import type { DataSource, EntityManager } from 'typeorm';
import { UnknownProjectionError } from '../core/errors';
import { versionSchema } from '../core/projection';
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
      await runner.query('SET TRANSACTION READ ONLY');
      const rows: { active_version: number }[] = await runner.query(
        `SELECT active_version FROM ${tables.versions} WHERE projection = $1`,
        [projection],
      );
      const version = rows[0]?.active_version;
      if (version === undefined) throw new UnknownProjectionError(projection);
      await runner.query(`SET LOCAL search_path TO "${versionSchema(projection, version)}"`);
      return fn(runner.manager);
    },
    'REPEATABLE READ',
  );
}
