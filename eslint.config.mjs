import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import nx from '@nx/eslint-plugin';

// Project configs re-export this array, and ESLint resolves `files` patterns against the
// directory of the config it loaded; root-relative patterns below use this absolute basePath.
const workspaceRoot = dirname(fileURLToPath(import.meta.url));

/**
 * Workspace ESLint config (ESLint 9 flat config).
 * Each project's eslint.config.mjs re-exports this; the @nx/eslint plugin (nx.json)
 * infers a `lint` target for every project that has one.
 *
 * Module boundaries (tags live in each project.json):
 *   type:app       -> domain, contracts, data-access, feature, util, testing, platform libs
 *   type:domain    -> contracts, util (and testing, for given-when-then specs)
 *   type:contracts -> util
 *   scope:platform -> platform, shared (never a bounded context)
 *   scope:<context> -> its own context, platform, shared, and type:contracts of any context
 *   scope:tools    -> anything
 *   scope:gateway  -> type:contracts of any context, platform, shared
 *   type:e2e       -> anything (gateway-e2e is scope:system: it starts every app and reads their project.json)
 * A dependency must satisfy EVERY constraint whose sourceTag the importing project has
 * (e.g. an identity domain lib may import ordering contracts, but not ordering domain).
 */
const contextScopes = ['scope:identity', 'scope:inventory', 'scope:ordering', 'scope:notifications'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/tmp', '**/node_modules', '**/coverage', '**/.nx'],
  },
  {
    // Not *.mjs: project eslint.config.mjs files import the root config by relative path.
    files: ['**/*.ts', '**/*.tsx', '**/*.cts', '**/*.mts', '**/*.js', '**/*.jsx', '**/*.cjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          // Works with the single root package.json: npm imports are checked against it.
          banTransitiveDependencies: true,
          allow: [],
          // The "static import of a lazy-loaded library" check is for bundler code splitting; on Node,
          // `require.resolve('@chronicle/x')` or `await import('@chronicle/x')` next to a static import is harmless.
          checkDynamicDependenciesExceptions: ['@chronicle/*'],
          depConstraints: [
            // --- type rules ---
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:contracts',
                'type:data-access',
                'type:feature',
                'type:util',
                'type:testing',
                'scope:platform',
              ],
            },
            // type:testing only for given-when-then specs: the testing lib is pure test helpers.
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:testing'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['scope:platform', 'scope:shared'] },

            // --- scope rules ---
            { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['scope:platform', 'scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            // Bounded contexts talk to each other only through contracts.
            ...contextScopes.map((scope) => ({
              sourceTag: scope,
              onlyDependOnLibsWithTags: [scope, 'scope:platform', 'scope:shared', 'type:contracts'],
            })),
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['*'] },
            // The public edge speaks every context's published language, never its domain.
            { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['type:contracts', 'scope:platform', 'scope:shared'] },
            // e2e suites drive the running system as a client: anything goes.
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.cts', '**/*.mts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-require-imports': 'error',
    },
  },
  {
    // Public entry points: explicit named exports only, so each lib's API stays visible and reviewable.
    basePath: workspaceRoot,
    files: ['libs/**/src/index.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ExportAllDeclaration',
          message: 'Explicit named exports only: list each export instead of `export * from`.',
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
];
