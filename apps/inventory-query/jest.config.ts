export default {
  displayName: 'inventory-query',
  preset: '../../jest.postgres.preset.js',
  rootDir: __dirname,
};
