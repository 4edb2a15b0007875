export default {
  displayName: 'identity-query',
  preset: '../../jest.postgres.preset.js',
  rootDir: __dirname,
};
