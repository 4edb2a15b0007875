export default {
  displayName: 'ordering-command',
  preset: '../../jest.postgres.preset.js',
  rootDir: __dirname,
};
