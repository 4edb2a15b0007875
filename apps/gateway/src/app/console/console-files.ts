import { stat } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';

/** How long a browser may keep what it fetched: hashed assets forever, index.html never without asking. */
export const CACHE = {
  immutable: 'public, max-age=31536000, immutable',
  shortLived: 'public, max-age=3600',
  revalidate: 'no-cache',
} as const;

export interface ConsoleFile {
  path: string;
  cacheControl: string;
}

/**
 * What GET /console/<path> serves from `root`: the file when there is one (never outside `root`),
 * else index.html, since every other path is a view of the single-page app (deep links, reloads).
 * Vite names what it builds under assets/ by content hash, so those never change.
 */
export async function resolveConsoleFile(root: string, segments: readonly string[]): Promise<ConsoleFile> {
  const relative = normalize(segments.join('/')).replace(/^([/\\]|\.\.([/\\]|$))+/, '');
  const candidate = join(root, relative);
  const inside = candidate === root || candidate.startsWith(root + sep);
  if (relative && inside && (await isFile(candidate))) {
    return { path: candidate, cacheControl: relative.startsWith('assets/') ? CACHE.immutable : CACHE.shortLived };
  }
  return { path: join(root, 'index.html'), cacheControl: CACHE.revalidate };
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}
