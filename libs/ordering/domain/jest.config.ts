export default {
  displayName: 'ordering-domain',
  preset: '../../../jest.preset.js',
  rootDir: __dirname,
};
