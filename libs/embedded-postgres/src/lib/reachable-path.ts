import { realpathSync, statSync } from 'node:fs';
import { dirname, parse } from 'node:path';
import type { ServerUser } from './server-user';

const SEARCH = { owner: 0o100, group: 0o010, other: 0o001 } as const;

/**
 * Whether `user` may traverse every directory down to `path` (which must exist), checked with
 * the owner / group / other bits the way the kernel checks them. Only the primary group counts:
 * Node drops supplementary groups when it spawns with a uid. Undefined user: the server runs as
 * ourselves, who got here.
 */
export function canReach(path: string, user: ServerUser | undefined): boolean {
  if (!user) return true;
  let dir = realpathSync(path);
  if (!statSync(dir).isDirectory()) dir = dirname(dir);
  const { root } = parse(dir);
  for (;;) {
    const stat = statSync(dir);
    const bit = stat.uid === user.uid ? SEARCH.owner : stat.gid === user.gid ? SEARCH.group : SEARCH.other;
    if ((stat.mode & bit) === 0) return false;
    if (dir === root) return true;
    dir = dirname(dir);
  }
}
