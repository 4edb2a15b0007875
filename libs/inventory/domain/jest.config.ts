export default {
  displayName: 'inventory-domain',
  preset: '../../../jest.preset.js',
  rootDir: __dirname,
};
