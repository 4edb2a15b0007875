export default {
  displayName: 'event-sourcing',
  preset: '../../jest.postgres.preset.js',
  rootDir: __dirname,
};
