import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { swcTypeScript } from './swc-loader';

export interface BundleOptions {
  workspaceRoot: string;
  projectName: string;
  main: string;
  outputPath: string;
  tsConfig?: string;
  assets?: ReadonlyArray<{ from: string; to: string }>;
}

export interface BundleResult {
  outfile: string;
  /** The packages main.js requires at run time, with the workspace's pinned versions. */
  dependencies: Record<string, string>;
  bytes: number;
}

const builtins = new Set(builtinModules);

/** `@scope/name/sub/path` -> `@scope/name`, `name/sub` -> `name`. */
export const packageNameOf = (specifier: string): string => {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
};

/**
 * Bundles an app: the workspace's own code (`@chronicle/*`, relative imports) goes into one
 * main.js with source maps; every npm package stays a require() resolved from node_modules, and
 * is listed in a generated package.json. An app that needs a devDependency at run time fails the
 * build: the production image installs none.
 */
export async function bundleApp(options: BundleOptions): Promise<BundleResult> {
  const root = options.workspaceRoot;
  const outputPath = resolve(root, options.outputPath);
  const rootPackage = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    engines?: Record<string, string>;
  };
  const external = new Set<string>();
  await rm(outputPath, { recursive: true, force: true });
  await mkdir(outputPath, { recursive: true });
  const outfile = join(outputPath, 'main.js');
  const result = await build({
    absWorkingDir: root,
    entryPoints: [resolve(root, options.main)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    sourcesContent: false,
    // Nest logs and some tokens use class names; minifying-style renames would change them.
    keepNames: true,
    tsconfig: resolve(root, options.tsConfig ?? 'tsconfig.base.json'),
    metafile: true,
    logLevel: 'warning',
    plugins: [
      {
        name: 'chronicle-externals',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, ({ path }) => {
            if (path.startsWith('@chronicle/')) return undefined; // workspace code: bundled through the tsconfig paths
            const name = packageNameOf(path.replace(/^node:/, ''));
            if (path.startsWith('node:') || builtins.has(name)) return { path, external: true };
            external.add(name);
            return { path, external: true };
          });
        },
      },
      swcTypeScript(),
    ],
  });
  if (result.errors.length) throw new Error(`esbuild failed for ${options.projectName}`);
  const dependencies: Record<string, string> = {};
  const misplaced: string[] = [];
  for (const name of [...external].sort()) {
    const version = rootPackage.dependencies?.[name];
    if (version) dependencies[name] = version;
    else misplaced.push(rootPackage.devDependencies?.[name] ? `${name} (a devDependency)` : `${name} (not a dependency at all)`);
  }
  if (misplaced.length) {
    throw new Error(`${options.projectName} needs at run time what production installs do not have: ${misplaced.join(', ')}. Move it to "dependencies".`);
  }
  await writeFile(
    join(outputPath, 'package.json'),
    `${JSON.stringify(
      {
        name: `@chronicle/${options.projectName}`,
        version: '0.0.0',
        private: true,
        main: 'main.js',
        scripts: { start: 'node --enable-source-maps main.js' },
        engines: rootPackage.engines,
        dependencies,
      },
      null,
      2,
    )}\n`,
  );
  for (const asset of options.assets ?? []) await cp(resolve(root, asset.from), join(outputPath, asset.to), { recursive: true });
  const bytes = Object.values(result.metafile?.outputs ?? {}).reduce((sum, o) => sum + o.bytes, 0);
  return { outfile, dependencies, bytes };
}
