export default {
  displayName: 'embedded-postgres',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testTimeout: 60_000,
};
