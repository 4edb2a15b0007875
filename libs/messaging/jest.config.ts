export default {
  displayName: 'messaging',
  // The JetStream consumer's inbox lives in PostgreSQL.
  preset: '../../jest.postgres.preset.js',
  rootDir: __dirname,
};
