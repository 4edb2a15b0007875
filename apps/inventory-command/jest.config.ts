export default {
  displayName: 'inventory-command',
  preset: '../../jest.postgres.preset.js',
  rootDir: __dirname,
};
