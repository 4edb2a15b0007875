export default {
  displayName: 'console-e2e',
  preset: '../../jest.postgres.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e.spec.ts'],
};
