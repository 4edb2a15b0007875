export default {
  displayName: 'projections',
  preset: '../../jest.postgres.preset.js',
  rootDir: __dirname,
};
