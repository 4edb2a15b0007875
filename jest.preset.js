const { join } = require('node:path');
const nxPreset = require('@nx/jest/preset').default;
const tsconfigPaths = require('tsconfig-paths');

/** File names of the suites that need NATS with JetStream. */
const NATS_SUITE = /\.nats\.int\.spec\.ts$/;
const { compilerOptions } = require('./tsconfig.base.json');

// Global setup/teardown files run in Jest's parent process, outside its module resolver:
// let them import workspace libraries (@chronicle/*) by their path aliases too.
tsconfigPaths.register({ baseUrl: join(__dirname, compilerOptions.baseUrl), paths: compilerOptions.paths });

/** Shared Jest settings: SWC transpiles TypeScript (with decorator metadata for Nest). */
module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // Suites that need NATS with JetStream run only when NATS_URL is set (CI sets it); the
  // Postgres global setup lists the ones it left out.
  testPathIgnorePatterns: process.env.NATS_URL ? ['/node_modules/'] : ['/node_modules/', NATS_SUITE.source],
  coverageReporters: ['text-summary'],
};
