import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EmbeddedPostgresError, EmbeddedPostgresErrorCodes } from './embedded-postgres-error';
import type { PostgresBinaries } from './postgres-binaries';
import type { ServerUser } from './server-user';

export interface InitdbOptions {
  readonly user: ServerUser | undefined;
  readonly superuser: string;
  readonly password: string;
  /** Skip initdb's final fsync (throw-away clusters). */
  readonly noSync: boolean;
}

function runInitdb(binaries: PostgresBinaries, args: string[], user: ServerUser | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(binaries.binDir, 'initdb'), args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
      ...(user && { uid: user.uid, gid: user.gid }),
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', (error) =>
      reject(new EmbeddedPostgresError(EmbeddedPostgresErrorCodes.BINARIES_UNREACHABLE, `cannot run ${binaries.binDir}/initdb (${(error as NodeJS.ErrnoException).code ?? error.message})`, { cause: error })),
    );
    child.once('close', (code) => {
      if (code === 0) return resolve();
      const reason = stderr.split('\n').find((line) => /error:/.test(line)) ?? stderr.trim().split('\n').pop() ?? `exit code ${code}`;
      reject(new EmbeddedPostgresError(EmbeddedPostgresErrorCodes.SERVER_FAILED, `initdb failed: ${reason.trim()}`));
    });
  });
}

/** Checks that `dataDir` is a cluster these binaries can serve. */
function checkExisting(dataDir: string, binaries: PostgresBinaries): void {
  const major = readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim();
  if (major !== binaries.majorVersion) {
    throw new EmbeddedPostgresError(
      EmbeddedPostgresErrorCodes.DATA_DIR_INCOMPATIBLE,
      `${dataDir} holds a PostgreSQL ${major} cluster and this is PostgreSQL ${binaries.majorVersion}: start afresh (npm start -- --fresh deletes it) or keep it and choose another data directory`,
    );
  }
}

/**
 * Makes `dataDir` a cluster unless it already is one (then it is reused as it is). initdb works in
 * a sibling directory that is renamed into place, so an interrupted first start leaves no half-made
 * cluster that the next start would trip over.
 * @returns whether a new cluster was made
 */
export async function initialiseCluster(dataDir: string, binaries: PostgresBinaries, options: InitdbOptions): Promise<boolean> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) {
    checkExisting(dataDir, binaries);
    return false;
  }
  if (existsSync(dataDir)) {
    if (readdirSync(dataDir).length > 0) {
      throw new EmbeddedPostgresError(EmbeddedPostgresErrorCodes.DATA_DIR_INCOMPATIBLE, `${dataDir} is not empty but holds no PostgreSQL cluster: move it away, or choose another data directory`);
    }
    rmdirSync(dataDir);
  }
  mkdirSync(dirname(dataDir), { recursive: true, mode: 0o755 });
  const partial = `${dataDir}.initdb-${randomBytes(6).toString('hex')}`;
  const passwordFile = `${partial}.pw`;
  const { user } = options;
  try {
    mkdirSync(partial, { mode: 0o700 });
    writeFileSync(passwordFile, `${options.password}\n`, { mode: 0o600 });
    // The server's user makes the cluster, so it must own the directory and read the password.
    if (user) for (const path of [partial, passwordFile]) chownSync(path, user.uid, user.gid);
    await runInitdb(
      binaries,
      [`--pgdata=${partial}`, '--auth=password', `--username=${options.superuser}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C', ...(options.noSync ? ['--no-sync'] : [])],
      user,
    );
    renameSync(partial, dataDir);
    return true;
  } finally {
    rmSync(passwordFile, { force: true });
    rmSync(partial, { recursive: true, force: true });
  }
}
