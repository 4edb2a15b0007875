import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const workspaceRoot = join(__dirname, '../../../..');
export const consoleDist = join(workspaceRoot, 'dist/apps/console');

/** The built console the gateway serves (`nx test console-e2e` builds it first; a bare jest run builds it here). */
export function ensureConsoleBuilt(): string {
  if (existsSync(join(consoleDist, 'index.html'))) return consoleDist;
  const vite = join(workspaceRoot, 'node_modules/vite/bin/vite.js');
  const build = spawnSync(process.execPath, [vite, 'build', '--config', 'apps/console/vite.config.mts', '--logLevel', 'warn'], { cwd: workspaceRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`building the console failed (vite exited ${build.status})`);
  return consoleDist;
}
