import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { EmbeddedPostgresError, EmbeddedPostgresErrorCodes } from './embedded-postgres-error';
import type { ServerUser } from './server-user';
import { isOwnDirectory, sharedBaseDirs } from './shared-dir';

/** Where initdb and postgres are, and which PostgreSQL they are. */
export interface PostgresBinaries {
  readonly binDir: string;
  /** The binaries package version, e.g. 17.10.0-beta.17. */
  readonly version: string;
  readonly majorVersion: string;
}

/** The embedded-postgres package ships the binaries in one optional package per platform. */
function binariesPackage(): { nativeDir: string; version: string } {
  const name = `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch (error) {
    throw new EmbeddedPostgresError(EmbeddedPostgresErrorCodes.BINARIES_UNREACHABLE, `${name} is not installed (run npm ci on this platform, or set DATABASE_URL)`, { cause: error });
  }
  const root = join(dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return { nativeDir: join(root, 'native'), version };
}

/** Runs `postgres --version` as the server's user: the one check that sees modes, ACLs and noexec mounts alike. */
function runnable(binDir: string, user: ServerUser | undefined): boolean {
  const result = spawnSync(join(binDir, 'postgres'), ['--version'], { stdio: 'ignore', timeout: 15_000, ...(user && { uid: user.uid, gid: user.gid }) });
  return result.status === 0;
}

/** Copies the native dir beside `target` and renames it into place, so a half-made copy is never used. */
function copyInto(nativeDir: string, target: string): void {
  const partial = `${target}.${randomBytes(6).toString('hex')}.partial`;
  cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
  chmodSync(partial, 0o755);
  try {
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    // Another process made the same copy first: theirs is as good as ours.
    if (!existsSync(target)) throw error;
  }
}

/**
 * The binaries in node_modules, or, when the server's user cannot run them there (root in a 0700
 * home or mktemp -d clone: the server runs as 'postgres'), a copy made once per package version in
 * a directory that user can reach, and reused by every later start and every workspace.
 */
export function locatePostgresBinaries(user: ServerUser | undefined): PostgresBinaries {
  const { nativeDir, version } = binariesPackage();
  const found = (binDir: string): PostgresBinaries => ({ binDir, version, majorVersion: version.split('.')[0] });
  if (runnable(join(nativeDir, 'bin'), user)) return found(join(nativeDir, 'bin'));
  const uid = process.getuid?.() ?? 0;
  const tried: string[] = [];
  for (const base of sharedBaseDirs(user)) {
    const target = join(base, `chronicle-postgres-${version}-${platform()}-${arch()}`);
    tried.push(target);
    try {
      if (!existsSync(target)) copyInto(nativeDir, target);
    } catch {
      continue;
    }
    if (isOwnDirectory(target, uid) && runnable(join(target, 'bin'), user)) return found(join(target, 'bin'));
  }
  const who = user ? `the '${user.name}' user (PostgreSQL refuses root)` : 'this user';
  throw new EmbeddedPostgresError(
    EmbeddedPostgresErrorCodes.BINARIES_UNREACHABLE,
    `PostgreSQL runs as ${who}, who cannot run ${nativeDir}/bin/postgres` +
      (tried.length ? ` nor a copy in ${tried.join(' or ')}` : ' and no shared temp directory is reachable to copy it to') +
      `: make the workspace's parent directories searchable (chmod o+x), clone it elsewhere, or set DATABASE_URL`,
  );
}
