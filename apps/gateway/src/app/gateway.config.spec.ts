import { DEVELOPMENT_JWT_SECRET, gatewayConfigFrom, logLevelFrom } from './gateway.config';

describe('gateway configuration', () => {
  const base = { DATABASE_URL: 'postgres://u@localhost/db' };

  it('has local defaults: port 3000, the documented admin login and a development JWT secret', () => {
    expect(gatewayConfigFrom(base)).toMatchObject({
      port: 3000,
      admin: { email: 'admin@chronicle.local', password: 'chronicle-admin' },
      jwt: { secret: DEVELOPMENT_JWT_SECRET, expiresInSeconds: 3600 },
      identityCommand: { port: 4101 },
      identityQuery: { port: 4102 },
      inventoryCommand: { host: '127.0.0.1', port: 4201 },
      inventoryQuery: { host: '127.0.0.1', port: 4202 },
      orderingCommand: { host: '127.0.0.1', port: 4301 },
      orderingQuery: { host: '127.0.0.1', port: 4302 },
    });
  });

  it('refuses to start in production without JWT_SECRET (or with a short one) or with the default admin password', () => {
    const production = { ...base, NODE_ENV: 'production', CHRONICLE_ADMIN_PASSWORD: 'a-real-secret-password' };
    expect(() => gatewayConfigFrom({ ...production })).toThrow(/JWT_SECRET is required when NODE_ENV=production/);
    expect(() => gatewayConfigFrom({ ...base, JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32 characters/);
    expect(() => gatewayConfigFrom({ ...base, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).toThrow(/CHRONICLE_ADMIN_PASSWORD must be set/);
    expect(gatewayConfigFrom({ ...production, JWT_SECRET: 'x'.repeat(32) }).jwt.secret).toBe('x'.repeat(32));
  });

  it('reads LOG_LEVEL on its own (before .env is loaded), falling back to info', () => {
    expect(logLevelFrom({ LOG_LEVEL: 'warn' })).toBe('warn');
    expect(logLevelFrom({ LOG_LEVEL: 'loud' })).toBe('info');
    expect(logLevelFrom({})).toBe('info');
  });
});
