import { execFileSync } from 'node:child_process';
import { EmbeddedPostgresError, EmbeddedPostgresErrorCodes } from './embedded-postgres-error';

/** Who the server processes run as when that is not ourselves. */
export interface ServerUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

const NAME = 'postgres';

function lookUp(): ServerUser | undefined {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, NAME], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { name: NAME, uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

/**
 * PostgreSQL refuses to run as root, so as root the server runs as the 'postgres' user (created,
 * as the embedded-postgres package does, when missing). Anyone else runs the server as themselves:
 * undefined.
 */
export function serverUser(): ServerUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const existing = lookUp();
  if (existing) return existing;
  try {
    execFileSync('groupadd', [NAME], { stdio: 'ignore' });
    execFileSync('useradd', ['-g', NAME, NAME], { stdio: 'ignore' });
  } catch (error) {
    throw new EmbeddedPostgresError(
      EmbeddedPostgresErrorCodes.NO_SERVER_USER,
      `PostgreSQL cannot run as root and there is no '${NAME}' user to run it as (groupadd/useradd failed): create one, run as another user, or set DATABASE_URL`,
      { cause: error },
    );
  }
  const created = lookUp();
  if (!created) throw new EmbeddedPostgresError(EmbeddedPostgresErrorCodes.NO_SERVER_USER, `useradd ${NAME} succeeded but 'id ${NAME}' finds no such user`);
  return created;
}
