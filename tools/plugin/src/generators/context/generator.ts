import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { generateFiles, logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { contextNames } from './context-names';
import { nextContextPorts } from './context-ports';
import { registerInCompose, registerInGateway, registerInKubernetes, registerLintScope, registerPaths } from './context-registrations';

export interface ContextGeneratorSchema {
  name: string;
  /** Leave docs/events.catalog.json alone (the unit tests: no workspace to run the check in). */
  skipEventsCatalog?: boolean;
}

const NAME = /^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*$/;

/**
 * `nx g @chronicle/plugin:context <name>`: a bounded context with one example aggregate
 * (`<Name>Item`: create, rename), modelled on inventory and ordering. Creates the contracts, the
 * domain (a decider and its given-when-then spec), the command and query apps (a projection with
 * read-your-writes), the gateway's REST routes and GraphQL fields, a Kubernetes manifest per app
 * and their compose services, and registers them (path aliases, lint scope, gateway module and
 * config, kustomization, ConfigMap, compose gateway). `npm start`, the deploy checks and the e2e
 * harness find the new apps by their project.json tags and metadata.
 */
export async function contextGenerator(tree: Tree, options: ContextGeneratorSchema): Promise<GeneratorCallback | undefined> {
  if (!NAME.test(options.name)) throw new Error(`A context name is kebab-case letters and digits (e.g. shipping), not '${options.name}'`);
  const n = contextNames(options.name);
  for (const path of [`apps/${n.ctx}-command`, `apps/${n.ctx}-query`, `libs/contracts/${n.ctx}`, `libs/${n.ctx}`, `apps/gateway/src/app/${n.ctx}`]) {
    if (tree.exists(path)) throw new Error(`${path} exists already: the context '${n.ctx}' is there`);
  }
  const ports = nextContextPorts(tree);
  generateFiles(tree, join(__dirname, 'files'), '.', { ...n, ports, idNamespace: randomUUID(), tmpl: '' });
  registerPaths(tree, n);
  registerLintScope(tree, n);
  registerInGateway(tree, n, ports);
  registerInKubernetes(tree, n, ports);
  registerInCompose(tree, n, ports);
  logger.info(`${n.ctx}: command RPC ${ports.commandRpc} (ops ${ports.commandOps}), query RPC ${ports.queryRpc} (ops ${ports.queryOps})`);
  if (options.skipEventsCatalog) return undefined;
  // The catalog is rendered from the registrations themselves (zod -> JSON schema): run the check once the files are on disk.
  return () => updateEventsCatalog(tree.root);
}

function updateEventsCatalog(root: string): void {
  try {
    execFileSync(process.execPath, [require.resolve('tsx/cli', { paths: [root] }), '--tsconfig', 'tsconfig.base.json', 'tools/events/src/check.ts'], {
      cwd: root,
      stdio: 'inherit',
    });
  } catch {
    logger.warn('docs/events.catalog.json is not updated: run `npm run events:check` and commit it');
  }
}

export default contextGenerator;
