import { logger, type Tree } from '@nx/devkit';
import * as ts from 'typescript';
import { parse, parseAllDocuments } from 'yaml';
import { readText, treeFiles, workspaceTree } from '../testing/workspace-tree';
import { contextGenerator } from './generator';

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
}

const projectOf = (tree: Tree, root: string) =>
  JSON.parse(readText(tree, `${root}/project.json`)) as { name: string; tags: string[]; metadata?: { chronicle: Record<string, unknown> } };

/** The elements of the first `property: [...]` in the file (the outermost: the `@Module({ ... })`'s own). */
function moduleArray(source: string, property: string): string[] {
  const sf = ts.createSourceFile('m.ts', source, ts.ScriptTarget.Latest, true);
  let found: string[] | undefined;
  const visit = (node: ts.Node): void => {
    if (!found && ts.isPropertyAssignment(node) && node.name.getText() === property && ts.isArrayLiteralExpression(node.initializer)) {
      found = node.initializer.elements.map((e) => e.getText());
    }
    node.forEachChild(visit);
  };
  visit(sf);
  return found ?? [];
}

describe('context generator', () => {
  let tree: Tree;

  beforeAll(() => jest.spyOn(logger, 'info').mockImplementation(() => undefined));

  beforeEach(async () => {
    tree = workspaceTree();
    await contextGenerator(tree, { name: 'shipping', skipEventsCatalog: true });
  });

  it('creates contracts, domain, command and query apps tagged for their scope, the apps in the next free block of ports', () => {
    expect(projectOf(tree, 'libs/contracts/shipping')).toMatchObject({ name: 'shipping-contracts', tags: ['scope:shipping', 'type:contracts'] });
    expect(projectOf(tree, 'libs/shipping/domain')).toMatchObject({ name: 'shipping-domain', tags: ['scope:shipping', 'type:domain'] });
    expect(projectOf(tree, 'apps/shipping-command')).toMatchObject({
      name: 'shipping-command',
      tags: ['scope:shipping', 'type:app', 'role:service'],
      metadata: { chronicle: { envPrefix: 'SHIPPING_COMMAND', rpcPort: 4501, opsPort: 4511 } },
    });
    expect(projectOf(tree, 'apps/shipping-query')).toMatchObject({
      name: 'shipping-query',
      tags: ['scope:shipping', 'type:app', 'role:service'],
      metadata: { chronicle: { envPrefix: 'SHIPPING_QUERY', rpcPort: 4502, opsPort: 4512 } },
    });
    expect(readText(tree, 'apps/shipping-command/src/app/shipping-command.config.ts')).toContain('SHIPPING_COMMAND_PORT: z.coerce.number().int().min(1).max(65535).default(4501)');
  });

  it('gives the next context the block after: 46xx', async () => {
    await contextGenerator(tree, { name: 'loyalty-points', skipEventsCatalog: true });
    expect(projectOf(tree, 'apps/loyalty-points-command').metadata?.chronicle).toEqual({ envPrefix: 'LOYALTY_POINTS_COMMAND', rpcPort: 4601, opsPort: 4611 });
    expect(projectOf(tree, 'apps/loyalty-points-query').metadata?.chronicle).toEqual({ envPrefix: 'LOYALTY_POINTS_QUERY', rpcPort: 4602, opsPort: 4612 });
    expect(readText(tree, 'libs/contracts/loyalty-points/src/lib/loyalty-points.events.ts')).toContain("type: 'LoyaltyPointsItemCreated'");
    expect(readText(tree, 'eslint.config.mjs')).toContain("'scope:shipping', 'scope:loyalty-points']");
  });

  it('writes TypeScript that parses, with every template placeholder filled in', () => {
    const files = ['libs/contracts/shipping', 'libs/shipping', 'apps/shipping-command', 'apps/shipping-query', 'apps/gateway/src/app/shipping']
      .flatMap((dir) => treeFiles(tree, dir))
      .concat('apps/gateway/src/app/graphql/shipping.resolver.ts');
    expect(files).toEqual(expect.arrayContaining(['libs/shipping/domain/src/lib/shipping-item.decider.spec.ts', 'apps/shipping-query/src/app/shipping-items.projection.ts']));
    for (const file of files) {
      const text = readText(tree, file);
      expect({ file, placeholder: /<%|%>|__\w+__/.test(text + file) }).toEqual({ file, placeholder: false });
      if (!file.endsWith('.ts')) continue;
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      const diagnostics = (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
      expect({ file, errors: diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')) }).toEqual({ file, errors: [] });
    }
  });

  it('registers both events for the catalog, and a projection that decodes through that registry', () => {
    const events = readText(tree, 'libs/contracts/shipping/src/lib/shipping.events.ts');
    expect(events).toContain("{ type: 'ShippingItemCreated', schemaVersion: 1, schema: shippingItemCreatedSchema, producer }");
    expect(events).toContain("{ type: 'ShippingItemRenamed', schemaVersion: 1, schema: shippingItemRenamedSchema, producer }");
    expect(readText(tree, 'libs/contracts/shipping/src/index.ts')).toMatch(/shippingEvents,/);
    expect(readText(tree, 'apps/shipping-query/src/app/shipping-items.projection.ts')).toContain('@Projection({ name: SHIPPING_ITEMS_PROJECTION, handles, events: shippingEvents })');
    expect(readText(tree, 'apps/shipping-query/src/app/shipping-query.controller.ts')).toContain('this.projections.readYourWrites(SHIPPING_ITEMS_PROJECTION, query.minPosition');
  });

  it('adds the path aliases and the lint scope', () => {
    const { compilerOptions } = JSON.parse(readText(tree, 'tsconfig.base.json')) as { compilerOptions: { paths: Record<string, string[]> } };
    expect(compilerOptions.paths['@chronicle/shipping-contracts']).toEqual(['libs/contracts/shipping/src/index.ts']);
    expect(compilerOptions.paths['@chronicle/shipping-domain']).toEqual(['libs/shipping/domain/src/index.ts']);
    expect(compilerOptions.paths['@chronicle/inventory-domain']).toEqual(['libs/inventory/domain/src/index.ts']);
    expect(readText(tree, 'eslint.config.mjs')).toMatch(/const contextScopes = \[[^\]]*'scope:inventory'[^\]]*'scope:shipping'\];/);
  });

  it('wires the gateway: client module and controller, GraphQL resolver, where the services listen, their error codes', () => {
    const gatewayModule = readText(tree, 'apps/gateway/src/app/gateway.module.ts');
    expect(gatewayModule).toContain("import { ShippingModule } from './shipping/shipping.module';");
    expect(moduleArray(gatewayModule, 'imports')).toEqual(expect.arrayContaining(['InventoryModule', 'ShippingModule']));
    expect(moduleArray(gatewayModule, 'controllers')).toEqual(expect.arrayContaining(['InventoryController', 'ShippingController']));
    const graphql = readText(tree, 'apps/gateway/src/app/graphql/gateway-graphql.module.ts');
    expect(moduleArray(graphql, 'providers')).toEqual(expect.arrayContaining(['InventoryResolver', 'ShippingResolver']));
    expect(moduleArray(graphql, 'imports')).toEqual(expect.arrayContaining(['ShippingModule']));
    const config = readText(tree, 'apps/gateway/src/app/gateway.config.ts');
    expect(config).toContain("SHIPPING_COMMAND_HOST: z.string().default('127.0.0.1'),");
    expect(config).toContain('SHIPPING_QUERY_PORT: port.default(4502),');
    expect(config).toContain('shippingCommand: { host: string; port: number };');
    expect(config).toContain('shippingQuery: { host: e.SHIPPING_QUERY_HOST, port: e.SHIPPING_QUERY_PORT },');
    expect(readText(tree, 'apps/gateway/src/app/http/problem.ts')).toMatch(/\.\.\.orderingErrorKinds, \.\.\.shippingErrorKinds \}/);
    const health = readText(tree, 'apps/gateway/src/app/health/health.controller.ts');
    expect(health).toContain("import { ShippingClient } from '../shipping/shipping.client';");
    expect(health).toContain('private readonly shippingClient: ShippingClient');
    expect(health).toContain("() => this.commandServiceCheck('shipping-command', this.config.shippingCommand),");
    expect(health).toContain("() => this.queryServiceCheck('shipping-query', () => this.shippingClient.queryHealth(PROBE_TIMEOUT_MS)),");
    const admin = readText(tree, 'apps/gateway/src/app/admin/admin-services.ts');
    expect(admin).toMatch(/SUBSCRIPTION_SERVICES = \[[^\]]*'notifications', 'shipping-query'\] as const;/);
    expect(admin).toMatch(/AGGREGATE_SERVICES = \[[^\]]*'ordering-command', 'shipping-command'\] as const;/);
    expect(admin).toContain("      'shipping-command': config.shippingCommand,\n      'shipping-query': config.shippingQuery,\n");
    const controller = readText(tree, 'apps/gateway/src/app/shipping/shipping.controller.ts');
    expect(controller).toContain("@Controller('shipping/items')");
    expect(controller).toContain('@MinPosition() minPosition');
  });

  it('adds a Kubernetes manifest per app, lists them in the kustomization and names their Services in the ConfigMap', () => {
    const { resources } = parse(readText(tree, 'deploy/k8s/kustomization.yaml')) as { resources: string[] };
    expect(resources).toEqual(expect.arrayContaining(['inventory-query.yaml', 'shipping-command.yaml', 'shipping-query.yaml']));
    const config = parse(readText(tree, 'deploy/k8s/config.yaml')) as { data: Record<string, string> };
    expect(config.data).toMatchObject({ SHIPPING_COMMAND_HOST: 'shipping-command', SHIPPING_COMMAND_PORT: '4501', SHIPPING_QUERY_HOST: 'shipping-query', SHIPPING_QUERY_PORT: '4502', INVENTORY_QUERY_PORT: '4202' });
    const [deployment, service] = parseAllDocuments(readText(tree, 'deploy/k8s/shipping-query.yaml')).map((d) => d.toJSON());
    expect(deployment.spec.template.spec.containers[0]).toMatchObject({
      command: ['node', '--enable-source-maps', 'apps/shipping-query/main.js'],
      ports: [{ name: 'rpc', containerPort: 4502 }, { name: 'ops', containerPort: 4512 }],
    });
    expect(service.spec.ports).toEqual([{ name: 'rpc', port: 4502, targetPort: 'rpc' }]);
  });

  it('adds both compose services on the shared environment, and points the gateway at them', () => {
    const before = parse(readText(workspaceTree(), 'docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
    const compose = parse(readText(tree, 'docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
    expect(compose.services['shipping-command']).toMatchObject({
      command: ['node', '--enable-source-maps', 'apps/shipping-command/main.js'],
      environment: { SHIPPING_COMMAND_HOST: '0.0.0.0', SHIPPING_COMMAND_PORT: '4501', DATABASE_URL: expect.stringContaining('@postgres:5432/') },
      depends_on: { postgres: { condition: 'service_healthy' } },
    });
    expect(compose.services['shipping-query']?.depends_on?.['shipping-command']).toEqual({ condition: 'service_started' });
    const gateway = compose.services['gateway'];
    expect(gateway?.environment).toMatchObject({ ...before.services['gateway']?.environment, SHIPPING_COMMAND_HOST: 'shipping-command', SHIPPING_QUERY_PORT: '4502' });
    expect(gateway?.depends_on).toMatchObject({ ...before.services['gateway']?.depends_on, 'shipping-query': { condition: 'service_started' } });
    // Nothing else moved: every other service is as it was.
    for (const [name, service] of Object.entries(before.services)) if (name !== 'gateway') expect(compose.services[name]).toEqual(service);
  });

  it('refuses a context that exists, and a name that is not kebab-case', async () => {
    await expect(contextGenerator(tree, { name: 'shipping', skipEventsCatalog: true })).rejects.toThrow(/exists already/);
    await expect(contextGenerator(workspaceTree(), { name: 'Shipping_2', skipEventsCatalog: true })).rejects.toThrow(/kebab-case/);
  });

  it('renders the events catalog once the files are written (a callback), unless told not to', async () => {
    expect(await contextGenerator(workspaceTree(), { name: 'billing' })).toEqual(expect.any(Function));
    expect(await contextGenerator(workspaceTree(), { name: 'billing', skipEventsCatalog: true })).toBeUndefined();
  });
});
