import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export const workspaceRoot = join(__dirname, '../..');

/** Deployable apps: every apps/<name> with a project.json of an application that is not an e2e suite. */
export function deployableApps(): string[] {
  const appsDir = join(workspaceRoot, 'apps');
  return readdirSync(appsDir)
    .filter((name) => existsSync(join(appsDir, name, 'project.json')) && existsSync(join(appsDir, name, 'src/main.ts')))
    .filter((name) => {
      const project = JSON.parse(readFileSync(join(appsDir, name, 'project.json'), 'utf8')) as { projectType?: string; tags?: string[] };
      return project.projectType === 'application' && !(project.tags ?? []).includes('type:e2e') && !name.endsWith('-e2e');
    })
    .sort();
}

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

/** GET routes an app serves, read from its Nest controllers (`@Controller('health')` + `@Get('ready')` -> /health/ready). */
export function appGetRoutes(app: string): Set<string> {
  const routes = new Set<string>();
  for (const file of sourceFiles(join(workspaceRoot, 'apps', app, 'src'))) {
    const source = readFileSync(file, 'utf8');
    const controller = CONTROLLER.exec(source);
    if (!controller) continue;
    for (const get of source.matchAll(GET)) routes.add(join2(controller[1] ?? controller[2], get[1] ?? get[2]));
  }
  return routes;
}

export function readYaml(path: string): unknown {
  return parse(readFileSync(path, 'utf8'), { merge: true });
}

export function readYamlDocuments(path: string): unknown[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((doc) => doc.toJSON());
}
