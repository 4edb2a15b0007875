import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { EmbeddedPostgresError, EmbeddedPostgresErrorCodes } from './embedded-postgres-error';
import { canReach } from './reachable-path';
import type { ServerUser } from './server-user';
import { sharedBaseDirs } from './shared-dir';

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Where a kept cluster asked for at `requested` really lives: there, when the server's user can
 * reach it; otherwise (root in a 0700 directory: the server runs as 'postgres') in a directory of
 * its own in /var/tmp (or the temp dir), named after `requested`, which becomes a symlink to it,
 * so the next start, `ls -l` and a reset all find it from the workspace.
 */
export function placeCluster(requested: string, user: ServerUser | undefined): string {
  const path = resolve(requested);
  const existing = lstatOrUndefined(path);
  if (existing?.isSymbolicLink()) return resolve(dirname(path), readlinkSync(path));
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  if (canReach(dirname(path), user)) return path;
  if (existing) {
    throw new EmbeddedPostgresError(
      EmbeddedPostgresErrorCodes.DATA_DIR_UNREACHABLE,
      `the '${user?.name}' user that runs PostgreSQL cannot reach ${path}: make its parent directories searchable (chmod o+x), or move it away to start afresh`,
    );
  }
  const [base] = sharedBaseDirs(user);
  if (!base) {
    throw new EmbeddedPostgresError(
      EmbeddedPostgresErrorCodes.DATA_DIR_UNREACHABLE,
      `the '${user?.name}' user that runs PostgreSQL cannot reach ${dirname(path)}, nor /var/tmp or the temp dir: choose a data directory it can reach, or set DATABASE_URL`,
    );
  }
  const target = join(base, `chronicle-postgres-data-${createHash('sha256').update(path).digest('hex').slice(0, 16)}`);
  symlinkSync(target, path, 'dir');
  return target;
}
