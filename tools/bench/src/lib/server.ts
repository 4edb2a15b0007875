import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '@chronicle/embedded-postgres';

export interface BenchDatabase {
  /** Connection string of the fresh database created for this run. */
  readonly connectionString: string;
  readonly name: string;
  /** Where the server came from, for the report. */
  readonly source: 'DATABASE_URL' | 'embedded';
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Prints the server version and the settings that decide write cost. */
export async function describeServer(connectionString: string): Promise<string> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    const names = ['server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'wal_level'];
    const res = await client.query<{ name: string; setting: string; unit: string | null }>(
      'SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1)',
      [names],
    );
    const byName = new Map(res.rows.map((r) => [r.name, r.unit ? `${r.setting}${r.unit === '8kB' ? 'x8kB' : r.unit}` : r.setting]));
    return names.map((n) => `${n}=${byName.get(n) ?? '?'}`).join(' ');
  } finally {
    await client.end();
  }
}

/**
 * Runs `fn` against a fresh database on DATABASE_URL's server, or on an embedded PostgreSQL
 * started with durable (default) settings (plus `options.embeddedSettings`). The database is dropped and the embedded server
 * stopped afterwards, also on error and on SIGINT / SIGTERM.
 */
export async function withBenchDatabase<T>(
  prefix: string,
  fn: (db: BenchDatabase) => Promise<T>,
  options: { embeddedSettings?: Readonly<Record<string, string>> } = {},
): Promise<T> {
  const external = process.env['DATABASE_URL'];
  const cleanups: (() => Promise<void>)[] = [];
  let cleaning: Promise<void> | undefined;
  const cleanup = (): Promise<void> => {
    cleaning ??= (async () => {
      for (const step of cleanups.reverse()) {
        try {
          await step();
        } catch (error) {
          console.error(`cleanup step failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })();
    return cleaning;
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    console.error(`\n${signal}: cleaning up...`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    let adminUrl: string;
    let source: BenchDatabase['source'];
    if (external) {
      adminUrl = external;
      source = 'DATABASE_URL';
    } else {
      const t0 = Date.now();
      const server = await startEmbeddedPostgres({ settings: options.embeddedSettings });
      cleanups.push(() => server.stop());
      adminUrl = server.connectionString;
      source = 'embedded';
      console.log(`embedded PostgreSQL on port ${server.port} (started in ${Date.now() - t0} ms)`);
    }
    const name = `${prefix}_${randomBytes(5).toString('hex')}`;
    await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
    cleanups.push(() => adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    const connectionString = withDatabase(adminUrl, name);
    console.log(`database ${name} (${source}): ${await describeServer(connectionString)}`);
    return await fn({ connectionString, name, source });
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * Brings the server to the same quiet state before each contender: dead rows of earlier runs
 * vacuumed (no autovacuum competing for the 2 cores mid-run) and a fresh checkpoint (so no
 * checkpoint starts mid-run and every contender pays the same full-page-write cost).
 */
export async function settleServer(connectionString: string): Promise<void> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    await client.query('VACUUM');
    // Needs superuser or pg_checkpoint: on a DATABASE_URL without it, go on without.
    await client.query('CHECKPOINT').catch(() => undefined);
  } finally {
    await client.end();
  }
}

/** Checkpoints since server start (PostgreSQL 17 moved the counters); NaN when unknown. */
export async function checkpointCount(connectionString: string): Promise<number> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client
      .query<{ n: string }>('SELECT (num_timed + num_requested)::text AS n FROM pg_stat_checkpointer')
      .catch(() => client.query<{ n: string }>('SELECT (checkpoints_timed + checkpoints_req)::text AS n FROM pg_stat_bgwriter'))
      .catch(() => ({ rows: [] as { n: string }[] }));
    return rows[0] ? Number(rows[0].n) : Number.NaN;
  } finally {
    await client.end();
  }
}
