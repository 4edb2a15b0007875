import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSystemApps } from '@chronicle/plugin';
import { parse, parseAllDocuments } from 'yaml';

export const workspaceRoot = join(__dirname, '../..');

/** Deployable apps: the system's apps (`type:app` with a `role:*` tag in their project.json), by name. */
export function deployableApps(): string[] {
  return readSystemApps(workspaceRoot)
    .map((app) => app.name)
    .sort();
}

/** How the image (Dockerfile) starts an app: its `nx build` bundle, with source maps. */
export const bundleCommand = (app: string): string[] => ['node', '--enable-source-maps', `apps/${app}/main.js`];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const CONTROLLER = /@Controller\(\s*(?:'([^']*)'|"([^"]*)")?\s*\)/;
const GET = /@Get\(\s*(?:'([^']*)'|"([^"]*)")?\s*\)/g;
const join2 = (...parts: (string | undefined)[]) => `/${parts.flatMap((p) => (p ?? '').split('/')).filter(Boolean).join('/')}`;

function controllerRoutes(files: string[], routes = new Set<string>()): Set<string> {
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    const controller = CONTROLLER.exec(source);
    if (!controller) continue;
    for (const get of source.matchAll(GET)) routes.add(join2(controller[1] ?? controller[2], get[1] ?? get[2]));
  }
  return routes;
}

const OPS_DIR = join(workspaceRoot, 'libs/observability/src/lib/ops');

/**
 * GET routes an app serves, read from its Nest controllers (`@Controller('health')` + `@Get('ready')`
 * -> /health/ready), and from @chronicle/observability's ops controllers when it imports
 * OpsEndpointsModule (only /metrics with `{ health: false }`).
 */
export function appGetRoutes(app: string): Set<string> {
  const files = sourceFiles(join(workspaceRoot, 'apps', app, 'src'));
  const routes = controllerRoutes(files);
  const sources = files.map((file) => readFileSync(file, 'utf8')).join('\n');
  if (sources.includes('OpsEndpointsModule.forRoot(')) {
    const metricsOnly = /OpsEndpointsModule\.forRoot\(\{\s*health:\s*false\s*\}\)/.test(sources);
    const opsFiles = sourceFiles(OPS_DIR).filter((file) => file.endsWith('.controller.ts') && (!metricsOnly || file.endsWith('metrics.controller.ts')));
    controllerRoutes(opsFiles, routes);
  }
  return routes;
}

export function readYaml(path: string): unknown {
  return parse(readFileSync(path, 'utf8'), { merge: true });
}

export function readYamlDocuments(path: string): unknown[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((doc) => doc.toJSON());
}
