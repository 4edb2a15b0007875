import { lstatSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { deleteEmbeddedPostgresData } from './delete-data';
import { createPrivateWorkspace, type PrivateWorkspace } from './fixtures/private-workspace';
import { query, startChild, stopChild } from './fixtures/child-server';

const workspaceRoot = join(__dirname, '../../../..');
const asRoot = process.getuid?.() === 0;
if (!asRoot) {
  process.stderr.write('SKIPPED: embedded-postgres-private-workspace.int.spec.ts reproduces a clone in a 0700 directory as root (the server then runs as postgres): run it as root\n');
}

// A clone in root's home or a `mktemp -d` folder: the 'postgres' user the server runs as cannot
// reach node_modules there (without a fix: `spawn .../native/bin/initdb EACCES`).
(asRoot ? describe : describe.skip)('embedded PostgreSQL in a private (0700) workspace, as root', () => {
  let workspace: PrivateWorkspace;
  beforeAll(async () => {
    workspace = await createPrivateWorkspace(workspaceRoot);
  });
  afterAll(() => workspace?.remove());

  it('starts a throw-away server from a copy of the binaries the postgres user can reach', async () => {
    const { child, started } = await startChild({ fixture: workspace.childFixture });
    expect(started.binDir.startsWith(workspace.root)).toBe(false);
    expect(await query<{ one: number }>(started.port, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await stopChild(child);
  });

  it('keeps a cluster asked for inside it in a place the postgres user can reach, which its data directory links to', async () => {
    const dataDir = join(workspace.root, '.chronicle/postgres');
    try {
      const first = await startChild({ fixture: workspace.childFixture, dataDir });
      expect(lstatSync(dataDir).isSymbolicLink()).toBe(true);
      expect(first.started.dataDir).toBe(realpathSync(dataDir));
      expect(first.started.dataDir.startsWith(workspace.root)).toBe(false);
      await query(first.started.port, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('private')");
      await stopChild(first.child);

      const second = await startChild({ fixture: workspace.childFixture, dataDir });
      expect(second.started).toMatchObject({ dataDir: first.started.dataDir, created: false });
      expect(await query<{ note: string }>(second.started.port, 'SELECT note FROM kept')).toEqual([{ note: 'private' }]);
      await stopChild(second.child);
    } finally {
      await deleteEmbeddedPostgresData(dataDir);
    }
  });
});
