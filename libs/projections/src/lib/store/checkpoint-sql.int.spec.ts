import { useTestDatabase } from '@chronicle/testing';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { openDataSource } from '../testing-fixtures/fixture-runtime';
import { advanceEmptyCheckpoint, ensureCheckpoints } from './checkpoint-sql';
import { migrateRuntimeSchema, runtimeTables } from './runtime-schema';

describe('advancing a checkpoint over a batch with no events', () => {
  const db = useTestDatabase();
  const tables = runtimeTables('chronicle_projections');
  let dataSource: DataSource;
  let other: Client;

  const position = async (projection: string, version = 1): Promise<bigint> => {
    const rows = (await dataSource.query(`SELECT position::text AS p FROM ${tables.checkpoints} WHERE projection = $1 AND version = $2 AND partition = 0`, [
      projection,
      version,
    ])) as { p: string }[];
    return BigInt(rows[0].p);
  };

  const createProjection = async (projection: string, activeVersion = 1): Promise<void> => {
    await dataSource.query(`INSERT INTO ${tables.versions} (projection, active_version, partitions) VALUES ($1, $2, 1)`, [projection, activeVersion]);
    const runner = dataSource.createQueryRunner();
    try {
      await ensureCheckpoints(runner, tables, projection, 1, [0]);
    } finally {
      await runner.release();
    }
  };

  beforeAll(async () => {
    dataSource = await openDataSource(db.connectionString);
    await migrateRuntimeSchema(dataSource, tables);
    other = new Client({ connectionString: db.connectionString });
    other.on('error', () => undefined);
    await other.connect();
  });
  afterAll(async () => {
    await other?.end();
    await dataSource?.destroy();
  });

  it('moves it from where the worker believes it is, and tells read-your-writes listeners', async () => {
    await createProjection('moves');
    await other.query(`LISTEN "${tables.channel}"`);
    const heard = new Promise<string | undefined>((resolve) => other.once('notification', (m) => resolve(m.payload)));
    expect(await advanceEmptyCheckpoint(dataSource, tables, 'moves', 1, 0, 500n, 0n, true)).toBe(true);
    expect(await position('moves')).toBe(500n);
    expect(await heard).toBe('moves');
    await other.query(`UNLISTEN "${tables.channel}"`);
  });

  it('moves nothing when the checkpoint is elsewhere (a reset, another owner)', async () => {
    await createProjection('reset');
    await dataSource.query(`UPDATE ${tables.checkpoints} SET position = 42 WHERE projection = 'reset'`);
    expect(await advanceEmptyCheckpoint(dataSource, tables, 'reset', 1, 0, 900n, 0n, true)).toBe(false);
    expect(await position('reset')).toBe(42n);
  });

  it('moves nothing for a version that is no longer active, unless told not to check', async () => {
    await createProjection('switched', 2);
    expect(await advanceEmptyCheckpoint(dataSource, tables, 'switched', 1, 0, 700n, 0n, true)).toBe(false);
    expect(await position('switched')).toBe(0n);
    expect(await advanceEmptyCheckpoint(dataSource, tables, 'switched', 1, 0, 700n, 0n, false)).toBe(true);
    expect(await position('switched')).toBe(700n);
  });

  it('waits for a transaction holding the checkpoint, then sees what it committed', async () => {
    await createProjection('held');
    await other.query('BEGIN');
    await other.query(`SELECT 1 FROM ${tables.checkpoints} WHERE projection = 'held' FOR UPDATE`);
    let settled = false;
    const advancing = advanceEmptyCheckpoint(dataSource, tables, 'held', 1, 0, 300n, 0n, true).then((moved) => ((settled = true), moved));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    await other.query(`UPDATE ${tables.checkpoints} SET position = 100 WHERE projection = 'held'`);
    await other.query('COMMIT');
    expect(await advancing).toBe(false);
    expect(await position('held')).toBe(100n);
  });
});
