import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contextServices, readSystemApps } from '@chronicle/plugin';
import { bundleCommand, deployableApps, readYaml, workspaceRoot } from './workspace-apps';

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
    expect(service?.command).toEqual(bundleCommand(app));
    expect(service?.image).toBe('chronicle:local');
    expect(service?.environment?.['DATABASE_URL']).toMatch(/@postgres:5432\//);
    expect(service?.depends_on?.['postgres']?.condition).toBe('service_healthy');
  });

  it('points the relay at NATS and the gateway at every service it calls over RPC', () => {
    expect(compose.services['relay']?.environment?.['NATS_URL']).toBe('nats://nats:4222');
    const gateway = compose.services['gateway']?.environment ?? {};
    expect(gateway['IDENTITY_COMMAND_HOST']).toBe('identity-command');
    expect(gateway['IDENTITY_QUERY_HOST']).toBe('identity-query');
    const services = readSystemApps(workspaceRoot).filter((app) => app.role === 'service' && app.metadata.rpcPort !== undefined);
    expect(services.map((s) => s.name)).toEqual(expect.arrayContaining(contextServices(readSystemApps(workspaceRoot)).map((s) => s.name)));
    expect(services.map((s) => s.name)).toEqual(expect.arrayContaining(['inventory-command', 'ordering-query', 'notifications']));
    for (const { name: app, metadata } of services) {
      const env = compose.services[app]?.environment ?? {};
      const prefix = metadata.envPrefix;
      expect({ app, host: gateway[`${prefix}_HOST`], port: gateway[`${prefix}_PORT`] }).toEqual({ app, host: app, port: String(metadata.rpcPort) });
      expect({ app, host: env[`${prefix}_HOST`], port: env[`${prefix}_PORT`] }).toEqual({ app, host: '0.0.0.0', port: gateway[`${prefix}_PORT`] });
      expect({ app, dependency: gateway && compose.services['gateway']?.depends_on?.[app]?.condition }).toEqual({ app, dependency: 'service_started' });
    }
  });

  it('runs the built bundles only: no TypeScript at run time, and the image has them', () => {
    for (const app of apps) expect({ app, env: Object.keys(compose.services[app]?.environment ?? {}) }).not.toEqual({ app, env: expect.arrayContaining(['SWC_NODE_PROJECT']) });
    const dockerfile = readFileSync(join(workspaceRoot, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('RUN npx nx run-many -t build');
    expect(dockerfile).toContain('COPY --from=build /workspace/dist/apps ./apps');
    expect(dockerfile).not.toMatch(/swc-node/);
  });

  it('runs a trace viewer with an OTLP endpoint (Jaeger) and points every app at it', () => {
    expect(compose.services['jaeger']?.image).toMatch(/^jaegertracing\/all-in-one:/);
    for (const app of apps) {
      const service = compose.services[app];
      expect({ app, endpoint: service?.environment?.['OTEL_EXPORTER_OTLP_ENDPOINT'] }).toEqual({ app, endpoint: 'http://jaeger:4318' });
      expect(service?.depends_on?.['jaeger']).toBeDefined();
    }
  });

  it('builds the image once, from the Dockerfile', () => {
    expect(Object.values(compose.services).filter((s) => s.build !== undefined)).toHaveLength(1);
  });
});
