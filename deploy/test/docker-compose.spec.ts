import { join } from 'node:path';
import { deployableApps, readYaml, workspaceRoot } from './workspace-apps';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
}

// No Docker engine runs here: the structure is what we can check.
const compose = readYaml(join(workspaceRoot, 'docker-compose.yml')) as { services: Record<string, ComposeService> };
const apps = deployableApps();

describe('docker-compose.yml', () => {
  it('runs PostgreSQL, NATS with JetStream and KurrentDB', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['postgres', 'nats', 'kurrentdb']));
    expect(compose.services['nats']?.command).toContain('-js');
  });

  it.each(apps)('runs %s from the shared image, wired to PostgreSQL', (app) => {
    const service = compose.services[app];
    expect(service?.command).toEqual(['node', '-r', '@swc-node/register', `apps/${app}/src/main.ts`]);
    expect(service?.image).toBe('chronicle:local');
    expect(service?.environment?.['DATABASE_URL']).toMatch(/@postgres:5432\//);
    expect(service?.depends_on?.['postgres']?.condition).toBe('service_healthy');
  });

  it('points the relay at NATS and the gateway at every context service', () => {
    expect(compose.services['relay']?.environment?.['NATS_URL']).toBe('nats://nats:4222');
    const gateway = compose.services['gateway']?.environment ?? {};
    expect(gateway['IDENTITY_COMMAND_HOST']).toBe('identity-command');
    expect(gateway['IDENTITY_QUERY_HOST']).toBe('identity-query');
    for (const app of ['identity-command', 'identity-query', 'inventory-command', 'inventory-query', 'ordering-command', 'ordering-query']) {
      const env = compose.services[app]?.environment ?? {};
      const prefix = app.toUpperCase().replace('-', '_');
      expect({ app, host: gateway[`${prefix}_HOST`] }).toEqual({ app, host: app });
      expect({ app, host: env[`${prefix}_HOST`], port: env[`${prefix}_PORT`] }).toEqual({ app, host: '0.0.0.0', port: gateway[`${prefix}_PORT`] });
    }
  });

  it('builds the image once, from the Dockerfile', () => {
    expect(Object.values(compose.services).filter((s) => s.build !== undefined)).toHaveLength(1);
  });
});
