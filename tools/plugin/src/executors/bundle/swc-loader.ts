import { readFile } from 'node:fs/promises';
import { transform } from '@swc/core';
import type { Plugin } from 'esbuild';

/**
 * Compiles TypeScript with SWC before esbuild bundles it: Nest's dependency injection reads the
 * decorators' `design:paramtypes` metadata, which esbuild alone does not emit.
 */
export function swcTypeScript(): Plugin {
  return {
    name: 'chronicle-swc',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
        const source = await readFile(path, 'utf8');
        const output = await transform(source, {
          filename: path,
          sourceMaps: 'inline',
          jsc: {
            target: 'es2022',
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true },
            keepClassNames: true,
          },
        });
        return { contents: output.code, loader: 'js' };
      });
    },
  };
}
