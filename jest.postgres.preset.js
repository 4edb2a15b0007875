const { join } = require('node:path');
const preset = require('./jest.preset.js');

/**
 * For projects whose tests need PostgreSQL: one server per Jest run (embedded on a free port,
 * or DATABASE_URL), each test file creating its own database through @chronicle/testing.
 */
module.exports = {
  ...preset,
  globalSetup: join(__dirname, 'libs/testing/src/jest/global-setup.ts'),
  globalTeardown: join(__dirname, 'libs/testing/src/jest/global-teardown.ts'),
  testTimeout: 60_000,
};
