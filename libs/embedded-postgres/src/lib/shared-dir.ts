import { lstatSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { ServerUser } from './server-user';
import { canReach } from './reachable-path';

/**
 * Directories the server's user can reach whatever the workspace's mode: /var/tmp first (it
 * survives a reboot, which kept data needs), then the temp dir.
 */
export function sharedBaseDirs(user: ServerUser | undefined): string[] {
  return [...new Set(['/var/tmp', tmpdir()])].filter((dir) => {
    try {
      return lstatSync(dir).isDirectory() && canReach(dir, user);
    } catch {
      return false;
    }
  });
}

/**
 * Whether an entry we find in a world-writable directory is one we made: a real directory
 * (not a symlink someone planted), owned by `uid`, that no one else may write to.
 */
export function isOwnDirectory(path: string, uid: number): boolean {
  try {
    const stat = lstatSync(path);
    return stat.isDirectory() && stat.uid === uid && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** Creates `path` (mode `mode`) unless it exists; true when it now is one of ours. */
export function ensureOwnDirectory(path: string, uid: number, mode: number): boolean {
  try {
    mkdirSync(path, { mode });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return false;
  }
  return isOwnDirectory(path, uid);
}
