import { useTestDatabase } from '@chronicle/testing';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { openDataSource } from '../testing-fixtures/fixture-runtime';
import { migrateRuntimeSchema, runtimeTables } from './runtime-schema';

describe('runtime schema migration', () => {
  const db = useTestDatabase();
  const tables = runtimeTables('chronicle_projections');
  let dataSource: DataSource;
  let worker: Client;

  beforeAll(async () => {
    dataSource = await openDataSource(db.connectionString);
    worker = new Client({ connectionString: db.connectionString });
    worker.on('error', () => undefined);
    await worker.connect();
  });
  afterAll(async () => {
    await worker?.end();
    await dataSource?.destroy();
  });

  const holdKeyColumns = async (): Promise<string[]> =>
    (
      (await dataSource.query(
        `SELECT c.relname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
          WHERE a.attname = 'hold_key' AND NOT a.attisdropped AND c.oid IN (to_regclass($1), to_regclass($2)) ORDER BY 1`,
        [tables.deadLetters, tables.reactorTimers],
      )) as { relname: string }[]
    ).map((r) => r.relname);

  /** Resolves with how long `migrate` took, or 'blocked' when it did not finish within `ms`. */
  const within = async (ms: number, migrate: () => Promise<void>): Promise<number | 'blocked'> => {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([migrate().then(() => Date.now() - started), new Promise<'blocked'>((resolve) => (timer = setTimeout(() => resolve('blocked'), ms)))]);
    clearTimeout(timer);
    return outcome;
  };

  it('creates every table and column on an empty database', async () => {
    await migrateRuntimeSchema(dataSource, tables);
    expect(await holdKeyColumns()).toEqual(['projection_dead_letters', 'reactor_timers']);
  });

  it('on current tables takes no lock: another app whose worker is writing both tables does not hold its start-up back', async () => {
    await worker.query('BEGIN');
    // What a running worker holds while it claims timers or parks an event (writes both tables).
    await worker.query(`LOCK TABLE ${tables.deadLetters}, ${tables.reactorTimers} IN ROW EXCLUSIVE MODE`);
    try {
      const took = await within(3_000, () => migrateRuntimeSchema(dataSource, tables));
      expect(took).not.toBe('blocked');
    } finally {
      await worker.query('ROLLBACK');
    }
  });

  it('adds a column an older version did not have, once the tables are free', async () => {
    await dataSource.query(`ALTER TABLE ${tables.reactorTimers} DROP COLUMN hold_key`);
    expect(await holdKeyColumns()).toEqual(['projection_dead_letters']);
    await migrateRuntimeSchema(dataSource, tables);
    expect(await holdKeyColumns()).toEqual(['projection_dead_letters', 'reactor_timers']);
  });

  it('six apps starting at once on a database without the schema all succeed', async () => {
    // A schema of its own, absent at first: each app reads the catalog (and caches "absent"), then
    // waits for the migration lock while another app creates the schema.
    const fresh = runtimeTables(`chronicle_projections_fresh`);
    const apps = await Promise.all([0, 1, 2, 3, 4, 5].map(() => openDataSource(db.connectionString, 3)));
    // What an app's pooled sessions did before (looked the schema up): each caches that it is absent.
    const lookUp = (app: DataSource) => app.query(`SELECT to_regclass('"chronicle_projections_fresh".projection_versions')`);
    await Promise.all(apps.flatMap((app) => [lookUp(app), lookUp(app), lookUp(app)]));
    try {
      const outcomes = await Promise.allSettled(apps.map((app) => migrateRuntimeSchema(app, fresh)));
      expect(outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason))).toEqual([]);
    } finally {
      await Promise.all(apps.map((app) => app.destroy()));
    }
    const [{ tables: count }] = (await dataSource.query(
      `SELECT count(*)::int AS tables FROM pg_tables WHERE schemaname = 'chronicle_projections_fresh'`,
    )) as { tables: number }[];
    expect(count).toBe(6);
  });

  it('two apps starting at once on an older schema both succeed', async () => {
    await dataSource.query(`ALTER TABLE ${tables.deadLetters} DROP COLUMN hold_key`);
    const other = await openDataSource(db.connectionString, 2);
    try {
      await Promise.all([migrateRuntimeSchema(dataSource, tables), migrateRuntimeSchema(other, tables)]);
    } finally {
      await other.destroy();
    }
    expect(await holdKeyColumns()).toEqual(['projection_dead_letters', 'reactor_timers']);
  });
});
