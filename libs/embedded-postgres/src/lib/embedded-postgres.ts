import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { placeCluster } from './cluster-location';
import { EmbeddedPostgresError, EmbeddedPostgresErrorCodes } from './embedded-postgres-error';
import { findFreePort } from './free-port';
import { initialiseCluster } from './initdb';
import { locatePostgresBinaries } from './postgres-binaries';
import { spawnWatchdog } from './postgres-watchdog';
import { spawnPostmaster } from './postmaster';
import { canReach } from './reachable-path';
import { serverUser, type ServerUser } from './server-user';
import { sharedBaseDirs } from './shared-dir';

/** A running embedded PostgreSQL server and how to stop it. */
export interface EmbeddedPostgresServer {
  readonly connectionString: string;
  readonly port: number;
  /** The throw-away directory (removed on stop), or where the kept cluster really is (a symlink's target, say). */
  readonly dataDir: string;
  /** Where the PostgreSQL binaries ran from: node_modules, or a copy the server's user can reach. */
  readonly binDir: string;
  /** Whether this start made the cluster (false: a kept one was reused). */
  readonly created: boolean;
  /** Fast shutdown; immediate after `graceMs` (10 s by default). A later call with a shorter grace hurries it. */
  stop(options?: { graceMs?: number }): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Throw away durability for speed (tests). Benchmarks and `npm start` keep the defaults. */
  readonly fast?: boolean;
  readonly maxConnections?: number;
  readonly log?: (line: string) => void;
  /**
   * Keep the cluster here: made on the first start, reused by the next ones, never removed (see
   * deleteEmbeddedPostgresData). Without it the server is a throw-away one, removed on stop.
   */
  readonly dataDir?: string;
  /** Listen here instead of on a free port (a kept cluster started again where its clients expect it). */
  readonly port?: number;
  /** Further server settings (`-c name=value`), e.g. `{ shared_preload_libraries: 'pg_stat_statements' }` for a profile. */
  readonly settings?: Readonly<Record<string, string>>;
}

const SUPERUSER = 'postgres';
const PASSWORD = 'postgres';

/** A temp dir the server's user can reach, for a throw-away cluster. */
function throwAwayBase(user: ServerUser | undefined): string {
  const base = canReach(tmpdir(), user) ? tmpdir() : sharedBaseDirs(user)[0];
  if (base) return base;
  throw new EmbeddedPostgresError(EmbeddedPostgresErrorCodes.DATA_DIR_UNREACHABLE, `the '${user?.name}' user that runs PostgreSQL can reach neither ${tmpdir()} nor /var/tmp: set TMPDIR to a directory it can reach, or DATABASE_URL`);
}

/** A kept cluster's place, or a fresh throw-away directory with the cluster inside. */
async function clusterLocation(dataDir: string | undefined, user: ServerUser | undefined): Promise<{ clusterDir: string; removeDir?: string }> {
  if (dataDir !== undefined) return { clusterDir: placeCluster(dataDir, user) };
  const removeDir = await mkdtemp(join(throwAwayBase(user), 'chronicle-pg-'));
  // The server runs as the unprivileged 'postgres' user when we are root: it must reach its data dir.
  await chmod(removeDir, 0o755);
  return { clusterDir: join(removeDir, 'data'), removeDir };
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package's binaries on a free port: a throw-away
 * server in a fresh temp dir by default, or a kept cluster in `options.dataDir`.
 * A watchdog process stops the server if this process dies without calling stop() (SIGKILL,
 * crash), so no orphan postgres is left behind; it removes a throw-away cluster, never a kept one.
 * Failures are EmbeddedPostgresErrors whose message is one line saying what to do.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgresServer> {
  const user = serverUser();
  const binaries = locatePostgresBinaries(user);
  const keep = options.dataDir !== undefined;
  const { clusterDir, removeDir } = await clusterLocation(options.dataDir, user);
  try {
    const created = await initialiseCluster(clusterDir, binaries, { user, superuser: SUPERUSER, password: PASSWORD, noSync: !keep });
    const port = options.port ?? (await findFreePort());
    const flags = [
      '-c', `max_connections=${options.maxConnections ?? 300}`,
      '-c', 'listen_addresses=127.0.0.1',
      ...(options.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ];
    const postmaster = spawnPostmaster(binaries, { dataDir: clusterDir, port, flags, user, log: options.log ?? (() => undefined) });
    const watchdog = postmaster.pid === undefined ? undefined : spawnWatchdog(postmaster.pid, { keepData: keep, removeDir });
    try {
      await postmaster.ready;
    } catch (error) {
      watchdog?.dismiss();
      await postmaster.stop(0);
      throw error;
    }
    let stopping: Promise<void> | undefined;
    return {
      connectionString: `postgres://${SUPERUSER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
      port,
      dataDir: removeDir ?? clusterDir,
      binDir: binaries.binDir,
      created,
      stop({ graceMs = 10_000 } = {}) {
        // A second, shorter call (a second Ctrl-C) hurries the shutdown already under way.
        const stopped = postmaster.stop(graceMs);
        stopping ??= (async () => {
          await stopped;
          if (removeDir) await rm(removeDir, { recursive: true, force: true });
          // Last: should this process die half-way through stopping, the watchdog finishes the job.
          watchdog?.dismiss();
        })();
        return stopping;
      },
    };
  } catch (error) {
    if (removeDir) await rm(removeDir, { recursive: true, force: true });
    throw error;
  }
}
