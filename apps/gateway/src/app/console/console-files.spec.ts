import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CACHE, resolveConsoleFile } from './console-files';

describe('resolveConsoleFile', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'console-'));
    await mkdir(join(root, 'assets'));
    await writeFile(join(root, 'index.html'), '<!doctype html>');
    await writeFile(join(root, 'favicon.svg'), '<svg/>');
    await writeFile(join(root, 'assets', 'index-abc123.js'), '');
    await writeFile(join(tmpdir(), 'outside.txt'), 'secret');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('serves a hashed asset with a year of immutable caching', async () => {
    expect(await resolveConsoleFile(root, ['assets', 'index-abc123.js'])).toEqual({ path: join(root, 'assets', 'index-abc123.js'), cacheControl: CACHE.immutable });
  });

  it('serves other files with a short cache', async () => {
    expect(await resolveConsoleFile(root, ['favicon.svg'])).toEqual({ path: join(root, 'favicon.svg'), cacheControl: CACHE.shortLived });
  });

  it('answers every view of the app (a deep link, a reload) with index.html, revalidated', async () => {
    for (const segments of [[], ['streams', 'order-1', 'state'], ['sagas', 'x'], ['assets', 'missing.js']]) {
      expect(await resolveConsoleFile(root, segments)).toEqual({ path: join(root, 'index.html'), cacheControl: CACHE.revalidate });
    }
  });

  it('never serves a file outside its directory', async () => {
    for (const segments of [['..', 'outside.txt'], ['assets', '..', '..', 'outside.txt'], ['/etc/passwd']]) {
      expect((await resolveConsoleFile(root, segments)).path).toBe(join(root, 'index.html'));
    }
  });
});
