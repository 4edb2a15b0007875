export default {
  displayName: 'gateway',
  preset: '../../jest.postgres.preset.js',
  rootDir: __dirname,
};
