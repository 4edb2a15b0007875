import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, portAcceptsConnections, query, startChild, stopChild } from './fixtures/child-server';

describe('embedded PostgreSQL', () => {
  it('starts an embedded server on a free port and removes it completely on stop', async () => {
    const { child, started } = await startChild();
    expect(await query<{ one: number }>(started.port, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await stopChild(child);
    expect(await portAcceptsConnections(started.port)).toBe(false);
    expect(existsSync(started.dataDir)).toBe(false);
  });

  it('leaves no orphan postgres when its owner process is killed with SIGKILL', async () => {
    const { child, started } = await startChild();
    expect(await portAcceptsConnections(started.port)).toBe(true);
    child.kill('SIGKILL');
    expect(await eventually(async () => !(await portAcceptsConnections(started.port)), 10_000)).toBe(true);
    expect(await eventually(() => !existsSync(started.dataDir), 10_000)).toBe(true);
  });

  it('keeps a cluster in its data directory: a stop, or its owner SIGKILLed, loses nothing and the next start reads it back', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'chronicle-kept-'));
    await chmod(parent, 0o755); // reachable, as a workspace usually is (the 0700 case has its own suite)
    const dataDir = join(parent, 'postgres');
    const children: ChildProcess[] = [];
    const start = async () => {
      const started = await startChild({ dataDir });
      children.push(started.child);
      return started;
    };
    try {
      const first = await start();
      expect(first.started).toMatchObject({ dataDir, created: true });
      await query(first.started.port, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('before a stop')");
      await stopChild(first.child);
      expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);

      const second = await start();
      expect(second.started.created).toBe(false);
      await query(second.started.port, "INSERT INTO kept VALUES ('before a SIGKILL')");
      second.child.kill('SIGKILL');
      // The watchdog stops the server (its port closes), and leaves the cluster where it was.
      expect(await eventually(async () => !(await portAcceptsConnections(second.started.port)), 10_000)).toBe(true);
      expect(await eventually(() => !existsSync(join(dataDir, 'postmaster.pid')), 10_000)).toBe(true);

      const third = await start();
      expect(await query<{ note: string }>(third.started.port, 'SELECT note FROM kept ORDER BY note')).toEqual([{ note: 'before a SIGKILL' }, { note: 'before a stop' }]);
      await stopChild(third.child);
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      await rm(parent, { recursive: true, force: true });
    }
  });
});

describe('embedded PostgreSQL settings', () => {
  it('starts the server with the settings asked for (a preloaded library included)', async () => {
    const { startEmbeddedPostgres } = await import('./embedded-postgres');
    const { Client } = await import('pg');
    const server = await startEmbeddedPostgres({ fast: true, settings: { shared_preload_libraries: 'pg_stat_statements', work_mem: '7MB' } });
    const client = new Client({ connectionString: server.connectionString });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const { rows } = await client.query<{ work_mem: string; preload: string }>(
        "SELECT current_setting('work_mem') AS work_mem, current_setting('shared_preload_libraries') AS preload",
      );
      expect(rows).toEqual([{ work_mem: '7MB', preload: 'pg_stat_statements' }]);
      await client.query('CREATE EXTENSION pg_stat_statements');
      const counted = await client.query<{ n: string }>('SELECT count(*)::text AS n FROM pg_stat_statements');
      expect(Number(counted.rows[0]?.n)).toBeGreaterThan(0);
    } finally {
      await client.end().catch(() => undefined);
      await server.stop();
    }
  });
});
