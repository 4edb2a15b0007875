import { updateJson, type Tree } from '@nx/devkit';
import {
  addConstructorParameter,
  addToDecoratorArray,
  appendToCallArray,
  appendToConstLiteral,
  ensureImport,
  GeneratorEditError,
  insertAfterLastLine,
} from '../utils/source-edits';
import type { ContextNames, ContextPorts } from './context-names';

/** Edits one file of the tree in place (it must exist). */
function edit(tree: Tree, file: string, change: (source: string) => string): void {
  const source = tree.read(file, 'utf-8');
  if (source === null) throw new GeneratorEditError(file, 'the file does not exist');
  const changed = change(source);
  if (changed !== source) tree.write(file, changed);
}

/** `@chronicle/<ctx>-contracts` and `@chronicle/<ctx>-domain` in tsconfig.base.json. */
export function registerPaths(tree: Tree, n: ContextNames): void {
  updateJson(tree, 'tsconfig.base.json', (json: { compilerOptions: { paths?: Record<string, string[]> } }) => {
    const paths = { ...(json.compilerOptions.paths ?? {}) };
    paths[`@chronicle/${n.ctx}-contracts`] = [`libs/contracts/${n.ctx}/src/index.ts`];
    paths[`@chronicle/${n.ctx}-domain`] = [`libs/${n.ctx}/domain/src/index.ts`];
    json.compilerOptions.paths = paths;
    return json;
  });
}

/** `scope:<ctx>` joins the lint config's bounded contexts (they talk to each other only through contracts). */
export function registerLintScope(tree: Tree, n: ContextNames): void {
  edit(tree, 'eslint.config.mjs', (source) => appendToConstLiteral('eslint.config.mjs', source, 'contextScopes', `'scope:${n.ctx}'`));
}

const GATEWAY = 'apps/gateway/src/app';

/**
 * The gateway: its module (client module, REST controller), its GraphQL module (resolver), its
 * config (where the services listen), its error taxonomy, its readiness and the admin API's lists
 * of who runs subscriptions and owns aggregates.
 */
export function registerInGateway(tree: Tree, n: ContextNames, ports: ContextPorts): void {
  const moduleFile = `${GATEWAY}/gateway.module.ts`;
  edit(tree, moduleFile, (source) => {
    let s = ensureImport(moduleFile, source, [`${n.Ctx}Controller`], `./${n.ctx}/${n.ctx}.controller`);
    s = ensureImport(moduleFile, s, [`${n.Ctx}Module`], `./${n.ctx}/${n.ctx}.module`);
    s = addToDecoratorArray(moduleFile, s, 'Module', 'imports', `${n.Ctx}Module`);
    return addToDecoratorArray(moduleFile, s, 'Module', 'controllers', `${n.Ctx}Controller`);
  });

  const graphqlFile = `${GATEWAY}/graphql/gateway-graphql.module.ts`;
  edit(tree, graphqlFile, (source) => {
    let s = ensureImport(graphqlFile, source, [`${n.Ctx}Module`], `../${n.ctx}/${n.ctx}.module`);
    s = ensureImport(graphqlFile, s, [`${n.Ctx}Resolver`], `./${n.ctx}.resolver`);
    s = addToDecoratorArray(graphqlFile, s, 'Module', 'imports', `${n.Ctx}Module`);
    return addToDecoratorArray(graphqlFile, s, 'Module', 'providers', `${n.Ctx}Resolver`);
  });

  const configFile = `${GATEWAY}/gateway.config.ts`;
  edit(tree, configFile, (source) => {
    let s = insertAfterLastLine(
      configFile,
      source,
      /^\s+[A-Z0-9_]+_QUERY_PORT: port\.default\(\d+\),$/,
      [
        `    ${n.CTX}_COMMAND_HOST: z.string().default('127.0.0.1'),`,
        `    ${n.CTX}_COMMAND_PORT: port.default(${ports.commandRpc}),`,
        `    ${n.CTX}_QUERY_HOST: z.string().default('127.0.0.1'),`,
        `    ${n.CTX}_QUERY_PORT: port.default(${ports.queryRpc}),`,
      ].join('\n'),
    );
    s = insertAfterLastLine(
      configFile,
      s,
      /^\s+\w+Query: \{ host: string; port: number \};$/,
      `  ${n.ctxProp}Command: { host: string; port: number };\n  ${n.ctxProp}Query: { host: string; port: number };`,
    );
    return insertAfterLastLine(
      configFile,
      s,
      /^\s+\w+Query: \{ host: e\.[A-Z0-9_]+_QUERY_HOST, port: e\.[A-Z0-9_]+_QUERY_PORT \},$/,
      [
        `    ${n.ctxProp}Command: { host: e.${n.CTX}_COMMAND_HOST, port: e.${n.CTX}_COMMAND_PORT },`,
        `    ${n.ctxProp}Query: { host: e.${n.CTX}_QUERY_HOST, port: e.${n.CTX}_QUERY_PORT },`,
      ].join('\n'),
    );
  });

  const problemFile = `${GATEWAY}/http/problem.ts`;
  if (tree.exists(problemFile)) {
    edit(tree, problemFile, (source) => {
      const s = ensureImport(problemFile, source, [`${n.ctxProp}ErrorKinds`], `@chronicle/${n.ctx}-contracts`);
      return appendToConstLiteral(problemFile, s, 'errorKinds', `...${n.ctxProp}ErrorKinds`);
    });
  }

  const healthFile = `${GATEWAY}/health/health.controller.ts`;
  if (tree.exists(healthFile)) {
    edit(tree, healthFile, (source) => {
      let s = ensureImport(healthFile, source, [`${n.Ctx}Client`], `../${n.ctx}/${n.ctx}.client`);
      s = addConstructorParameter(healthFile, s, 'Controller', `${n.ctxProp}Client: ${n.Ctx}Client`);
      s = appendToCallArray(healthFile, s, 'this.health.check', `() => this.commandServiceCheck('${n.ctx}-command', this.config.${n.ctxProp}Command)`);
      return appendToCallArray(healthFile, s, 'this.health.check', `() => this.queryServiceCheck('${n.ctx}-query', () => this.${n.ctxProp}Client.queryHealth(PROBE_TIMEOUT_MS))`);
    });
  }

  const adminFile = `${GATEWAY}/admin/admin-services.ts`;
  if (tree.exists(adminFile)) {
    edit(tree, adminFile, (source) => {
      let s = appendToConstLiteral(adminFile, source, 'SUBSCRIPTION_SERVICES', `'${n.ctx}-query'`);
      s = appendToConstLiteral(adminFile, s, 'AGGREGATE_SERVICES', `'${n.ctx}-command'`);
      s = appendToConstLiteral(adminFile, s, 'endpoints', `'${n.ctx}-command': config.${n.ctxProp}Command`);
      return appendToConstLiteral(adminFile, s, 'endpoints', `'${n.ctx}-query': config.${n.ctxProp}Query`);
    });
  }
}

/** The manifests in the kustomization, and where the gateway finds the services in the shared ConfigMap. */
export function registerInKubernetes(tree: Tree, n: ContextNames, ports: ContextPorts): void {
  const kustomization = 'deploy/k8s/kustomization.yaml';
  edit(tree, kustomization, (source) =>
    insertAfterLastLine(kustomization, source, /^ {2}- [a-z0-9-]+-(command|query)\.yaml$/, `  - ${n.ctx}-command.yaml\n  - ${n.ctx}-query.yaml`),
  );
  const config = 'deploy/k8s/config.yaml';
  edit(tree, config, (source) =>
    insertAfterLastLine(
      config,
      source,
      /^ {2}[A-Z0-9_]+_PORT: '\d+'$/,
      [
        `  ${n.CTX}_COMMAND_HOST: ${n.ctx}-command`,
        `  ${n.CTX}_COMMAND_PORT: '${ports.commandRpc}'`,
        `  ${n.CTX}_QUERY_HOST: ${n.ctx}-query`,
        `  ${n.CTX}_QUERY_PORT: '${ports.queryRpc}'`,
      ].join('\n'),
    ),
  );
}

const TOP_LEVEL_KEY = /^ {2}[a-z0-9][\w-]*:\s*$/;

/** Lines `[start, end)` of the block under `key:` at `indent` spaces, within `[from, to)`. */
function blockOf(lines: string[], key: string, indent: number, from: number, to: number): { start: number; end: number } | undefined {
  const header = lines.findIndex((line, i) => i >= from && i < to && line === `${' '.repeat(indent)}${key}:`);
  if (header < 0) return undefined;
  let end = header + 1;
  const deeper = (line: string): boolean => line.trim() === '' || line.length - line.trimStart().length > indent;
  while (end < to && deeper(lines[end])) end++;
  // Trailing blank lines belong to what follows.
  while (end > header + 1 && lines[end - 1].trim() === '') end--;
  return { start: header, end };
}

/** Appends `added` to the gateway service's `key:` block (its environment, its depends_on). */
function appendToGatewayBlock(file: string, lines: string[], key: string, added: string[]): void {
  const start = lines.findIndex((line) => /^ {2}gateway:\s*$/.test(line));
  let end = start + 1;
  while (end < lines.length && !TOP_LEVEL_KEY.test(lines[end]) && !/^\S/.test(lines[end]) && !/^ {2}#/.test(lines[end])) end++;
  const block = blockOf(lines, key, 4, start, end);
  if (!block) throw new GeneratorEditError(file, `the gateway service has no ${key}`);
  lines.splice(block.end, 0, ...added);
}

/**
 * docker-compose.yml: the two services (before the gateway, from the shared image, on the shared
 * environment), and the gateway's variables and dependencies for them. Text edits, so comments,
 * anchors and flow style stay as they are.
 */
export function registerInCompose(tree: Tree, n: ContextNames, ports: ContextPorts): void {
  const file = 'docker-compose.yml';
  edit(tree, file, (source) => {
    const lines = source.split('\n');
    const withJaeger = lines.some((line) => /^ {2}jaeger:\s*$/.test(line));
    const service = (side: 'command' | 'query', rpc: number, ops: number): string[] => {
      const prefix = `${n.CTX}_${side.toUpperCase()}`;
      return [
        `  ${n.ctx}-${side}:`,
        `    image: chronicle:local`,
        `    command: ['node', '--enable-source-maps', 'apps/${n.ctx}-${side}/main.js']`,
        `    environment:`,
        `      <<: *chronicle-env`,
        `      ${prefix}_HOST: 0.0.0.0`,
        `      ${prefix}_PORT: '${rpc}'`,
        `      ${prefix}_OPS_HOST: 0.0.0.0`,
        `      ${prefix}_OPS_PORT: '${ops}'`,
        `    depends_on:`,
        ...(withJaeger ? [`      jaeger: { condition: service_started }`] : []),
        `      postgres: { condition: service_healthy }`,
        ...(side === 'query' ? [`      ${n.ctx}-command: { condition: service_started }`] : []),
        `    restart: unless-stopped`,
        ``,
      ];
    };
    const gateway = lines.findIndex((line) => /^ {2}gateway:\s*$/.test(line));
    if (gateway < 0) throw new GeneratorEditError(file, 'no `gateway:` service');
    if (!source.includes('&chronicle-env')) throw new GeneratorEditError(file, 'no `&chronicle-env` anchor for the shared environment');
    let at = gateway;
    while (at > 0 && /^ {2}#/.test(lines[at - 1])) at--;
    lines.splice(at, 0, ...service('command', ports.commandRpc, ports.commandOps), ...service('query', ports.queryRpc, ports.queryOps));

    appendToGatewayBlock(file, lines, 'environment', [
      `      ${n.CTX}_COMMAND_HOST: ${n.ctx}-command`,
      `      ${n.CTX}_COMMAND_PORT: '${ports.commandRpc}'`,
      `      ${n.CTX}_QUERY_HOST: ${n.ctx}-query`,
      `      ${n.CTX}_QUERY_PORT: '${ports.queryRpc}'`,
    ]);
    appendToGatewayBlock(file, lines, 'depends_on', [`      ${n.ctx}-command: { condition: service_started }`, `      ${n.ctx}-query: { condition: service_started }`]);
    return lines.join('\n');
  });
}
