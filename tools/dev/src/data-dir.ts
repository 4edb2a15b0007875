import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { deleteEmbeddedPostgresData } from '@chronicle/embedded-postgres';

/** What `npm start` keeps between runs, and where. */
export interface DataLayout {
  /** `.chronicle/` in the workspace, or CHRONICLE_DATA_DIR. */
  readonly root: string;
  /** The embedded cluster (a symlink to where it really lives when the postgres user cannot reach root). */
  readonly postgresDir: string;
  readonly mailboxDir: string;
  /** False when MAILBOX_DIR points elsewhere: that one is not ours to empty. */
  readonly ownsMailbox: boolean;
}

export function dataLayout(workspaceRoot: string, env: NodeJS.ProcessEnv): DataLayout {
  const root = resolve(env['CHRONICLE_DATA_DIR'] || join(workspaceRoot, '.chronicle'));
  const mailbox = env['MAILBOX_DIR'];
  return { root, postgresDir: join(root, 'postgres'), mailboxDir: mailbox ? resolve(mailbox) : join(root, 'mailbox'), ownsMailbox: !mailbox };
}

/**
 * `npm start -- --fresh`: deletes what we keep in the data dir (each entry is made by whoever
 * writes it, on first use). Only our own entries go: CHRONICLE_DATA_DIR may name a directory that
 * holds other things too.
 */
export async function resetDataDir(layout: DataLayout): Promise<void> {
  await deleteEmbeddedPostgresData(layout.postgresDir);
  if (layout.ownsMailbox) await rm(layout.mailboxDir, { recursive: true, force: true });
}
