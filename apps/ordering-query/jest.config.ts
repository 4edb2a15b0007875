export default {
  displayName: 'ordering-query',
  preset: '../../jest.postgres.preset.js',
  rootDir: __dirname,
};
