export default {
  displayName: 'plugin',
  preset: '../../jest.postgres.preset.js',
  rootDir: __dirname,
};
