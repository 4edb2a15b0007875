import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { createTestDatabase, findFreePort } from '@chronicle/testing';
import { v7 as uuidv7 } from 'uuid';
import { workspaceRoot } from '../testing/workspace-tree';
import { copyWorkspace, type WorkspaceCopy } from '../testing/workspace-copy';
import { runTied, spawnTied, waitForOutput, type TiedProcess } from '../testing/tied-process';

const CONTEXT = 'parcels';
const NEW_PROJECTS = [`${CONTEXT}-contracts`, `${CONTEXT}-domain`, `${CONTEXT}-command`, `${CONTEXT}-query`];
const JWT_SECRET = 'int-test-secret-that-is-long-enough-for-hs256';

/**
 * The generators as a user runs them: `nx g` in a copy of this workspace, then the new projects'
 * lint, typecheck and tests, the deploy checks and the events catalog check, then the new services
 * and the gateway as processes against a real PostgreSQL, driven over REST and GraphQL.
 */
describe(`nx g @chronicle/plugin:context ${CONTEXT}, in a copy of the workspace`, () => {
  let workspace: WorkspaceCopy;
  let env: NodeJS.ProcessEnv;
  const running: TiedProcess[] = [];
  const nx = (args: string[], timeoutMs: number) => runTied(join(workspace.root, 'node_modules/.bin/nx'), args, { cwd: workspace.root, env, timeoutMs });

  beforeAll(() => {
    workspace = copyWorkspace(workspaceRoot);
    const { NATS_URL: _nats, ...inherited } = process.env;
    env = {
      ...inherited,
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      NX_TUI: 'false',
      NX_SKIP_NX_CACHE: 'true',
      CI: 'true',
      // The tests of the new projects use this run's server, under their own run id (their teardown drops only theirs).
      CHRONICLE_TEST_RUN_ID: randomBytes(4).toString('hex'),
    };
  });
  afterAll(async () => {
    await Promise.all(running.map((run) => run.stop()));
    workspace?.remove();
  });

  it('generates a context and a reaction that pass lint, typecheck and test at once, and keep the deploy and events checks green', async () => {
    await nx(['g', '@chronicle/plugin:context', CONTEXT, '--no-interactive'], 120_000);
    await nx(['g', '@chronicle/plugin:reactor', 'note-arrival', '--context', CONTEXT, '--on', 'ParcelsItemCreated', '--no-interactive'], 60_000);
    const catalog = JSON.parse(readFileSync(join(workspace.root, 'docs/events.catalog.json'), 'utf8')) as { events: { type: string; producer: string }[] };
    expect(catalog.events.filter((e) => e.type.startsWith('ParcelsItem')).map((e) => [e.type, e.producer])).toEqual([
      ['ParcelsItemCreated', `${CONTEXT}-command`],
      ['ParcelsItemRenamed', `${CONTEXT}-command`],
    ]);

    await nx(['run-many', '-t', 'lint,typecheck', '-p', [...NEW_PROJECTS, 'gateway'].join(','), '--output-style=static', '--skip-nx-cache'], 300_000);
    const tests = await nx(['run-many', '-t', 'test,check-events', '-p', [...NEW_PROJECTS, 'deploy', 'events'].join(','), '--output-style=static', '--skip-nx-cache'], 300_000);
    expect(tests).toContain(`${CONTEXT}-command.int.spec.ts`);
    expect(tests).toContain(`${CONTEXT}-query.int.spec.ts`);
    expect(tests).toContain('note-arrival-when-parcels-item-created.handler.spec.ts');
    expect(tests).toMatch(/k8s-manifests\.spec\.ts/);
  }, 600_000);

  it('serves the new routes through the gateway: a write, a read of it (X-Min-Position), a GraphQL query', async () => {
    const database = await createTestDatabase();
    const ports = { command: await findFreePort(), query: await findFreePort(), gateway: await findFreePort() };
    const appEnv: NodeJS.ProcessEnv = {
      ...env,
      DATABASE_URL: database.connectionString,
      SWC_NODE_PROJECT: 'tsconfig.base.json',
      PARCELS_COMMAND_PORT: String(ports.command),
      PARCELS_COMMAND_OPS_PORT: '0',
      PARCELS_QUERY_PORT: String(ports.query),
      PARCELS_QUERY_OPS_PORT: '0',
      HOST: '127.0.0.1',
      PORT: String(ports.gateway),
      JWT_SECRET,
      THROTTLE_LIMIT: '100000',
    };
    const start = async (app: string, marker: string) => {
      const run = spawnTied(process.execPath, ['-r', '@swc-node/register', `apps/${app}/src/main.ts`], { cwd: workspace.root, env: appEnv });
      running.push(run);
      await waitForOutput(run, marker, 90_000);
    };
    await Promise.all([start(`${CONTEXT}-command`, `${CONTEXT}-command is listening`), start(`${CONTEXT}-query`, `${CONTEXT}-query is listening`)]);
    await start('gateway', 'gateway is listening');

    const url = `http://127.0.0.1:${ports.gateway}`;
    const token = new JwtService({ secret: JWT_SECRET }).sign({ sub: uuidv7(), email: 'someone@int.test', roles: [] }, { expiresIn: 600 });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    const created = await fetch(`${url}/${CONTEXT}/items`, { method: 'POST', headers, body: JSON.stringify({ name: 'First parcel' }) });
    expect(created.status).toBe(201);
    const reply = (await created.json()) as { itemId: string; revision: string; position: string };
    expect(reply).toEqual({ itemId: expect.any(String), revision: '0', position: expect.stringMatching(/^\d+$/) });
    expect(created.headers.get('location')).toBe(`/${CONTEXT}/items/${reply.itemId}`);

    const read = await fetch(`${url}/${CONTEXT}/items/${reply.itemId}`, { headers: { ...headers, 'x-min-position': reply.position } });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id: reply.itemId, name: 'First parcel', revision: '0' });
    expect(read.headers.get('etag')).toBe('"0"');

    const renamed = await fetch(`${url}/${CONTEXT}/items/${reply.itemId}/rename`, { method: 'POST', headers, body: JSON.stringify({ name: 'Renamed parcel' }) });
    expect(renamed.status).toBe(200);
    const { position } = (await renamed.json()) as { position: string };
    const graphql = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        query: 'query ($id: String!, $at: String) { parcelsItem(id: $id, minPosition: $at) { id name revision } }',
        variables: { id: reply.itemId, at: position },
      }),
    });
    expect(await graphql.json()).toEqual({ data: { parcelsItem: { id: reply.itemId, name: 'Renamed parcel', revision: '1' } } });

    // Readiness asks the new services too (it is down as a whole: identity does not run here).
    const ready = (await (await fetch(`${url}/health/ready`)).json()) as { health?: { details?: Record<string, { status: string }> } };
    expect(ready.health?.details).toMatchObject({ 'parcels-command': { status: 'up' }, 'parcels-query': { status: 'up' } });

    const missing = await fetch(`${url}/${CONTEXT}/items/${uuidv7()}`, { headers });
    expect({ status: missing.status, type: missing.headers.get('content-type') }).toEqual({ status: 404, type: expect.stringContaining('application/problem+json') });
    expect(await missing.json()).toMatchObject({ code: 'PARCELS_ITEM_NOT_FOUND' });
  }, 180_000);
});
