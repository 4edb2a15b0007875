import type { DataSource, EntityManager } from 'typeorm';
import { UnknownProjectionError } from '../core/errors';
import { versionSchema } from '../core/projection';
import type { RuntimeTables } from '../store/runtime-schema';

/**
 * Runs a query against the active version of a projection's read model: one read-only
 * REPEATABLE READ transaction whose first statement reads the active version, so `fn` sees
 * one consistent snapshot of one complete version, even across a rebuild switch.
 */
export async function withReadModel<T>(
  dataSource: DataSource,
  tables: RuntimeTables,
  projection: string,
  fn: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction('REPEATABLE READ');
    try {
      await runner.query('SET TRANSACTION READ ONLY');
      const rows: { active_version: number }[] = await runner.query(
        `SELECT active_version FROM ${tables.versions} WHERE projection = $1`,
        [projection],
      );
      const version = rows[0]?.active_version;
      if (version === undefined) throw new UnknownProjectionError(projection);
      await runner.query(`SET LOCAL search_path TO "${versionSchema(projection, version)}"`);
      const result = await fn(runner.manager);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    }
  } finally {
    await runner.release();
  }
}
