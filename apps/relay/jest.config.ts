export default {
  displayName: 'relay',
  preset: '../../jest.postgres.preset.js',
  rootDir: __dirname,
};
