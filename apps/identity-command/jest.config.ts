export default {
  displayName: 'identity-command',
  preset: '../../jest.postgres.preset.js',
  rootDir: __dirname,
};
