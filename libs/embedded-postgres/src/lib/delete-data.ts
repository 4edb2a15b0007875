import { lstat, readlink, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** Deletes a kept cluster made by startEmbeddedPostgres({ dataDir }), where it really lives (a symlink's target too). */
export async function deleteEmbeddedPostgresData(dataDir: string): Promise<void> {
  const path = resolve(dataDir);
  const stat = await lstat(path).catch(() => undefined);
  if (stat?.isSymbolicLink()) await rm(resolve(dirname(path), await readlink(path)), { recursive: true, force: true });
  await rm(path, { recursive: true, force: true });
}
