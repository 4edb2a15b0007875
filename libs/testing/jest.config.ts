export default {
  displayName: 'testing',
  preset: '../../jest.postgres.preset.js',
  rootDir: __dirname,
};
