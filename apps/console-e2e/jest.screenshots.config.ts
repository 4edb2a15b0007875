/** `npm run console:screenshots`: not a test, the README's pictures of each view, taken from a real run. */
export default {
  displayName: 'console-screenshots',
  preset: '../../jest.postgres.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.screenshots.ts'],
};
