export default {
  displayName: 'notifications',
  preset: '../../jest.postgres.preset.js',
  rootDir: __dirname,
};
