import { lstatSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { deleteEmbeddedPostgresData } from '@chronicle/embedded-postgres';
import { GatewayClient } from './support/http-client';
import { killMarked, MARKER_VARIABLE, NpmStart, npmStartEnv } from './support/npm-start-process';
import { createPrivateWorkspace } from './support/private-workspace';

const asRoot = process.getuid?.() === 0;
if (!asRoot) {
  process.stderr.write('SKIPPED: npm-start-private-workspace.e2e.spec.ts reproduces a clone in a 0700 directory as root (PostgreSQL then runs as postgres): run it as root\n');
}

// Root's home or a `mktemp -d` folder: the postgres user the server runs as can reach nothing
// inside (before the fix: `spawn .../native/bin/initdb EACCES` and no npm start at all).
(asRoot ? describe : describe.skip)('npm start in a private (0700) workspace, as root', () => {
  let workspace: { root: string; remove(): Promise<void> };
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    workspace = await createPrivateWorkspace();
    env = await npmStartEnv();
  });
  afterEach(() => killMarked(env[MARKER_VARIABLE] ?? ''));
  afterAll(async () => {
    await deleteEmbeddedPostgresData(join(workspace.root, '.chronicle/postgres'));
    await workspace.remove();
  });

  it('starts, keeps its data where postgres can reach it (.chronicle/postgres links there), and reads it back on the next start', async () => {
    const kept = join(workspace.root, '.chronicle/postgres');
    const first = new NpmStart(env, { cwd: workspace.root });
    const output = await first.waitUntilUp();
    expect(lstatSync(kept).isSymbolicLink()).toBe(true);
    const real = realpathSync(kept);
    expect(real.startsWith(workspace.root)).toBe(false);
    expect(output).toContain(`(embedded, new data in ${real} (${kept} links there: the postgres user it runs as cannot reach this directory))`);
    expect(output).not.toContain('EACCES');
    const api = new GatewayClient(first.gatewayUrl);
    const token = await api.login('admin@chronicle.local', 'chronicle-admin');
    const user = await api.request<{ id: string }>('POST', '/users', { token, body: { email: 'root@private.test', name: 'Root', password: 'correct horse' } });
    expect(user.status).toBe(201);
    first.signalGroup('SIGINT');
    await first.exited;

    const second = new NpmStart(env, { cwd: workspace.root });
    expect(await second.waitUntilUp()).toContain(`(embedded, kept data in ${real} (`);
    const again = new GatewayClient(second.gatewayUrl);
    const token2 = await again.login('admin@chronicle.local', 'chronicle-admin');
    expect(await again.request('GET', `/users/${user.body.id}`, { token: token2 })).toMatchObject({ status: 200, body: { email: 'root@private.test' } });
    second.signalGroup('SIGINT');
    await second.exited;
  }, 300_000);
});
