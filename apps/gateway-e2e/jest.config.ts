export default {
  displayName: 'gateway-e2e',
  preset: '../../jest.postgres.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e.spec.ts'],
};
