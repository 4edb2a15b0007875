import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase, findFreePort } from '@chronicle/testing';
import { bundleApp, packageNameOf } from './bundle-app';

const workspaceRoot = resolve(__dirname, '../../../../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('bundling an app', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'chronicle-bundle-'));
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  it('produces main.js with a source map and a package.json of production dependencies only; plain node starts it and it gets ready', async () => {
    const outputPath = join(out, 'identity-query');
    const result = await bundleApp({ workspaceRoot, projectName: 'identity-query', main: 'apps/identity-query/src/main.ts', outputPath });
    const manifest = JSON.parse(await readFile(join(outputPath, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const root = JSON.parse(await readFile(join(workspaceRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies).length).toBeGreaterThan(5);
    for (const [name, version] of Object.entries(manifest.dependencies)) expect(root.dependencies[name]).toBe(version);
    expect(manifest.dependencies['@nestjs/core']).toBeDefined();
    expect(Object.keys(manifest.dependencies).some((name) => name.startsWith('@chronicle/'))).toBe(false);
    expect((await readFile(`${result.outfile}.map`, 'utf8')).length).toBeGreaterThan(1000);

    const database = await createTestDatabase();
    const [port, opsPort] = [await findFreePort(), await findFreePort()];
    // Plain node, no TypeScript hook; the packages from node_modules, as an image installs them beside the bundle.
    const child = spawn(process.execPath, ['--enable-source-maps', result.outfile], {
      cwd: outputPath,
      env: { PATH: process.env['PATH'], NODE_PATH: join(workspaceRoot, 'node_modules'), DATABASE_URL: database.connectionString, IDENTITY_QUERY_PORT: String(port), IDENTITY_QUERY_OPS_PORT: String(opsPort), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let exited: number | null | undefined;
    child.once('exit', (code) => (exited = code));
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      let status = 0;
      for (const deadline = Date.now() + 30_000; status !== 200; await sleep(200)) {
        if (exited !== undefined) throw new Error(`the built app exited (${exited}):\n${output}`);
        if (Date.now() > deadline) throw new Error(`the built app never got ready (last ${status}):\n${output}`);
        status = await fetch(`http://127.0.0.1:${opsPort}/health/ready`).then((r) => r.status, () => 0);
      }
      expect(status).toBe(200);
    } finally {
      if (exited === undefined) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    }
  }, 90_000);

  it('refuses an app that needs a devDependency at run time', async () => {
    const entry = join(out, 'needs-dev.ts');
    await writeFile(entry, `import { parse } from 'yaml';\nconsole.log(parse('a: 1'));\n`);
    await expect(bundleApp({ workspaceRoot, projectName: 'needs-dev', main: entry, outputPath: join(out, 'needs-dev') })).rejects.toThrow(/yaml \(a devDependency\)/);
  });

  it('names packages by their root, whatever subpath is required', () => {
    expect(packageNameOf('@nestjs/common/utils')).toBe('@nestjs/common');
    expect(packageNameOf('typeorm/driver/types')).toBe('typeorm');
    expect(packageNameOf('pg')).toBe('pg');
  });
});
