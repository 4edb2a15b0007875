export default {
  displayName: 'event-store',
  preset: '../../jest.postgres.preset.js',
  rootDir: __dirname,
};
