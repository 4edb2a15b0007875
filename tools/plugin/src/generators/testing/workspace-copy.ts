import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A throw-away copy of a workspace: its files as git sees them (tracked and new, not ignored), node_modules linked. */
export interface WorkspaceCopy {
  readonly root: string;
  remove(): void;
}

export function copyWorkspace(workspaceRoot: string): WorkspaceCopy {
  const root = mkdtempSync(join(tmpdir(), 'chronicle-workspace-'));
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: workspaceRoot, maxBuffer: 64 * 1024 * 1024 });
  for (const file of listed.toString().split('\0')) {
    const from = join(workspaceRoot, file);
    // Deleted in the working tree but not yet in git: not there.
    if (!file || !existsSync(from)) continue;
    mkdirSync(dirname(join(root, file)), { recursive: true });
    copyFileSync(from, join(root, file));
  }
  symlinkSync(join(workspaceRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
