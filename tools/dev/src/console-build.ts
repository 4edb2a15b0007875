import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time of any file under `dir`. */
function newest(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }, 0);
}

/** The console needs building when it never was, or when its sources changed since (a pull, an edit). */
export function consoleNeedsBuild(workspaceRoot: string): boolean {
  const index = join(workspaceRoot, 'dist/apps/console/index.html');
  if (!existsSync(join(workspaceRoot, 'apps/console'))) return false;
  if (!existsSync(index)) return true;
  const sources = Math.max(newest(join(workspaceRoot, 'apps/console/src')), statSync(join(workspaceRoot, 'apps/console/index.html')).mtimeMs);
  return sources > statSync(index).mtimeMs;
}

/**
 * Builds apps/console into dist/apps/console (what the gateway serves at /console) with Vite,
 * when needed. A failed build is said and is no reason to stop: everything else works without it.
 */
export async function buildConsoleIfNeeded(workspaceRoot: string, say: (line: string) => void): Promise<void> {
  if (!consoleNeedsBuild(workspaceRoot)) return;
  say('building the console (apps/console -> dist/apps/console)...');
  const vite = join(workspaceRoot, 'node_modules/vite/bin/vite.js');
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [vite, 'build', '--config', 'apps/console/vite.config.mts', '--logLevel', 'warn'], { cwd: workspaceRoot, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', () => resolve(null));
    child.on('exit', resolve);
  });
  if (code !== 0) say(`the console did not build (vite exited ${code}); /console will answer 404 until \`npx nx build console\` succeeds`);
}
