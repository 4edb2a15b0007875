import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readSystemApps } from '@chronicle/plugin';
import { appGetRoutes, bundleCommand, deployableApps, readYaml, readYamlDocuments, workspaceRoot } from './workspace-apps';

interface Probe {
  httpGet?: { path: string; port: string | number };
  tcpSocket?: { port: string | number };
  exec?: { command: string[] };
}
interface Container {
  name: string;
  command?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
}
interface Manifest {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  data?: Record<string, string>;
  spec?: {
    replicas?: number;
    ports?: { name?: string; port: number; targetPort?: string | number }[];
    strategy?: { type?: string };
    template?: { metadata?: { annotations?: Record<string, string> }; spec: { containers: Container[] } };
  };
}

/** Must never run twice at once. The annotation adds more; this list makes removing one a test failure. */
const SINGLE_WRITERS = ['relay'];
const k8sDir = join(workspaceRoot, 'deploy/k8s');
const files = readdirSync(k8sDir).filter((f) => f.endsWith('.yaml'));
const manifests = files.filter((f) => f !== 'kustomization.yaml').flatMap((f) => readYamlDocuments(join(k8sDir, f)) as Manifest[]);
const deployments = manifests.filter((m) => m.kind === 'Deployment');
const deploymentOf = (name: string) => deployments.find((d) => d.metadata.name === name);
const apps = deployableApps();

describe('deploy/k8s', () => {
  it('has a Deployment for every app, each running that app', () => {
    expect(apps).toEqual(expect.arrayContaining(['identity-command', 'identity-query', 'relay']));
    for (const app of apps) {
      const container = deploymentOf(app)?.spec?.template?.spec.containers[0];
      expect({ app, command: container?.command }).toEqual({ app, command: bundleCommand(app) });
    }
  });

  it.each(readSystemApps(workspaceRoot).map((app) => [app.name, app] as const))('%s: listens on the ports its project.json names', (app, { metadata }) => {
    const ports = (deploymentOf(app)?.spec?.template?.spec.containers[0]?.ports ?? []).map((p) => p.containerPort);
    expect({ app, ports }).toEqual({ app, ports: expect.arrayContaining([metadata.opsPort, ...(metadata.rpcPort === undefined ? [] : [metadata.rpcPort])]) });
  });

  it.each(readSystemApps(workspaceRoot).filter((app) => app.metadata.rpcPort !== undefined).map((app) => [app.name, app] as const))(
    '%s: the gateway reaches its RPC port through a Service named after it',
    (app, { metadata }) => {
      const config = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'chronicle-config')?.data ?? {};
      const service = manifests.find((m) => m.kind === 'Service' && m.metadata.name === app);
      expect({ app, host: config[`${metadata.envPrefix}_HOST`], port: config[`${metadata.envPrefix}_PORT`] }).toEqual({ app, host: app, port: String(metadata.rpcPort) });
      expect({ app, ports: service?.spec?.ports }).toEqual({ app, ports: [{ name: 'rpc', port: metadata.rpcPort, targetPort: 'rpc' }] });
    },
  );

  it('lists every manifest in the kustomization (except the secret example)', () => {
    const { resources } = readYaml(join(k8sDir, 'kustomization.yaml')) as { resources: string[] };
    expect([...resources].sort()).toEqual(files.filter((f) => f !== 'kustomization.yaml' && f !== 'secret.example.yaml').sort());
  });

  it('keeps single-writer services at one replica with the Recreate strategy', () => {
    const annotated = deployments.filter((d) => d.metadata.annotations?.['chronicle.dev/single-writer'] === 'true').map((d) => d.metadata.name);
    for (const name of new Set([...SINGLE_WRITERS, ...annotated])) {
      const deployment = deploymentOf(name);
      expect({ name, replicas: deployment?.spec?.replicas, strategy: deployment?.spec?.strategy?.type }).toEqual({ name, replicas: 1, strategy: 'Recreate' });
    }
  });

  it.each(apps)('%s: readiness and liveness probes that point at real routes and ports', (app) => {
    const routes = appGetRoutes(app);
    for (const container of deploymentOf(app)?.spec?.template?.spec.containers ?? []) {
      const portNames = new Set((container.ports ?? []).flatMap((p) => [p.name, p.containerPort]));
      for (const [kind, probe] of [['readiness', container.readinessProbe], ['liveness', container.livenessProbe]] as const) {
        expect({ app, kind, probe: probe !== undefined }).toEqual({ app, kind, probe: true });
        if (probe?.httpGet) {
          expect({ app, kind, path: probe.httpGet.path, exists: routes.has(probe.httpGet.path) }).toEqual({ app, kind, path: probe.httpGet.path, exists: true });
          expect(portNames.has(probe.httpGet.port)).toBe(true);
        } else if (probe?.tcpSocket) {
          expect(portNames.has(probe.tcpSocket.port)).toBe(true);
        } else {
          expect(probe?.exec?.command.length).toBeGreaterThan(0);
        }
      }
    }
  });

  it.each(apps)('%s: probed over HTTP on /health/live and /health/ready, and scraped on a port that serves /metrics', (app) => {
    const routes = appGetRoutes(app);
    const template = deploymentOf(app)?.spec?.template;
    const container = template?.spec.containers[0];
    expect({ app, ready: container?.readinessProbe?.httpGet?.path, live: container?.livenessProbe?.httpGet?.path }).toEqual({ app, ready: '/health/ready', live: '/health/live' });
    expect({ app, metrics: routes.has('/metrics') }).toEqual({ app, metrics: true });
    const annotations = template?.metadata?.annotations ?? {};
    expect({ app, scrape: annotations['prometheus.io/scrape'], path: annotations['prometheus.io/path'] }).toEqual({ app, scrape: 'true', path: '/metrics' });
    const probed = container?.ports?.find((p) => p.name === container.readinessProbe?.httpGet?.port);
    expect({ app, scrapedPort: Number(annotations['prometheus.io/port']) }).toEqual({ app, scrapedPort: probed?.containerPort });
  });

  it('gives every app its DATABASE_URL from the secret, and the relay its NATS_URL', () => {
    for (const app of apps) {
      const env = (deploymentOf(app)?.spec?.template?.spec.containers[0]?.env ?? []).map((e) => e.name);
      expect({ app, env }).toEqual({ app, env: expect.arrayContaining(['DATABASE_URL']) });
    }
    expect(deploymentOf('relay')?.spec?.template?.spec.containers[0]?.env?.map((e) => e.name)).toContain('NATS_URL');
  });
});
