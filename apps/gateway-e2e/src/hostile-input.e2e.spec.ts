import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Client } from 'pg';
import { GatewayClient } from './support/http-client';
import { uniqueEmail } from './support/fixtures';
import { deepArray, hostileKey, hostileSegment, hostileShortString, hostileValue, jsonText, percentEncode, RawJson, type Json } from './support/hostile-values';
import { uniqueSku } from './support/order-fixtures';
import { startSystem, type RunningSystem } from './support/start-system';

/** What the routes' path parameters name when they are not the hostile part. */
interface Fixtures {
  userId: string;
  roleId: string;
  sku: string;
  orderId: string;
  correlationId: string;
  email: string;
}

interface RestRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** Which fixture each `:param` names. */
  params?: Record<string, keyof Fixtures>;
  query?: string[];
  body?: (f: Fixtures) => Record<string, Json>;
  /** Body fields (dotted paths) the property replaces with hostile values. */
  fields?: string[];
}

const newRoleName = () => `role-${randomUUID().slice(0, 8)}`;
const ROUTES: RestRoute[] = [
  { method: 'POST', path: '/auth/login', body: (f) => ({ email: f.email, password: 'fixture-password' }), fields: ['email', 'password'] },
  { method: 'POST', path: '/users', body: () => ({ email: uniqueEmail('hostile'), name: 'Ada', password: 'password1' }), fields: ['email', 'name', 'password'] },
  { method: 'GET', path: '/users', query: ['limit', 'cursor', 'email', 'role'] },
  { method: 'GET', path: '/users/:id', params: { id: 'userId' } },
  { method: 'PATCH', path: '/users/:id', params: { id: 'userId' }, body: () => ({ name: 'Ada King' }), fields: ['email', 'name'] },
  { method: 'DELETE', path: '/users/:id', params: { id: 'userId' } },
  { method: 'PUT', path: '/users/:id/roles/:roleId', params: { id: 'userId', roleId: 'roleId' } },
  { method: 'DELETE', path: '/users/:id/roles/:roleId', params: { id: 'userId', roleId: 'roleId' } },
  { method: 'POST', path: '/roles', body: () => ({ name: newRoleName(), permissions: ['users:read'] }), fields: ['name', 'permissions', 'permissions.0'] },
  { method: 'GET', path: '/roles' },
  { method: 'GET', path: '/roles/:id', params: { id: 'roleId' } },
  { method: 'PATCH', path: '/roles/:id', params: { id: 'roleId' }, body: () => ({ name: newRoleName(), permissions: ['roles:read'] }), fields: ['name', 'permissions', 'permissions.0'] },
  { method: 'DELETE', path: '/roles/:id', params: { id: 'roleId' } },
  { method: 'POST', path: '/inventory/items', body: () => ({ sku: uniqueSku('hostile'), name: 'Mug', quantity: 10 }), fields: ['sku', 'name', 'quantity'] },
  { method: 'POST', path: '/inventory/items/:sku/restock', params: { sku: 'sku' }, body: () => ({ quantity: 1 }), fields: ['quantity'] },
  { method: 'GET', path: '/inventory/items', query: ['limit', 'cursor'] },
  { method: 'GET', path: '/inventory/items/:sku', params: { sku: 'sku' } },
  { method: 'POST', path: '/orders', body: (f) => ({ lines: [{ sku: f.sku, quantity: 1 }] }), fields: ['lines', 'lines.0', 'lines.0.sku', 'lines.0.quantity'] },
  { method: 'GET', path: '/orders', query: ['status', 'limit', 'cursor'] },
  { method: 'GET', path: '/orders/:id', params: { id: 'orderId' } },
  { method: 'POST', path: '/orders/:id/cancel', params: { id: 'orderId' } },
  { method: 'GET', path: '/sagas/:correlationId', params: { correlationId: 'correlationId' } },
  { method: 'GET', path: '/events', query: ['category', 'lastEventId'] },
  { method: 'GET', path: '/health/live' },
  { method: 'GET', path: '/metrics' },
];

interface GraphqlOperation {
  field: string;
  document: string;
  variables: (f: Fixtures) => Record<string, Json>;
  /** Variables (dotted paths) the property replaces with hostile values; unknown fields go into `input`. */
  fields: string[];
}

const RESULT = '{ position }';
const OPERATIONS: GraphqlOperation[] = [
  { field: 'login', document: 'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { expiresIn } }', variables: (f) => ({ email: f.email, password: 'fixture-password' }), fields: ['email', 'password'] },
  { field: 'createUser', document: `mutation($input: CreateUserInput!) { createUser(input: $input) ${RESULT} }`, variables: () => ({ input: { email: uniqueEmail('hostile'), name: 'Ada', password: 'password1' } }), fields: ['input', 'input.email', 'input.name', 'input.password'] },
  { field: 'updateUser', document: `mutation($id: ID!, $input: UpdateUserInput!, $rev: String) { updateUser(id: $id, input: $input, expectedRevision: $rev) ${RESULT} }`, variables: (f) => ({ id: f.userId, input: { name: 'Ada King' }, rev: null }), fields: ['id', 'input', 'input.email', 'input.name', 'rev'] },
  { field: 'deleteUser', document: `mutation($id: ID!, $rev: String) { deleteUser(id: $id, expectedRevision: $rev) ${RESULT} }`, variables: (f) => ({ id: f.userId, rev: null }), fields: ['id', 'rev'] },
  { field: 'assignRole', document: `mutation($u: ID!, $r: ID!) { assignRole(userId: $u, roleId: $r) ${RESULT} }`, variables: (f) => ({ u: f.userId, r: f.roleId }), fields: ['u', 'r'] },
  { field: 'unassignRole', document: `mutation($u: ID!, $r: ID!) { unassignRole(userId: $u, roleId: $r) ${RESULT} }`, variables: (f) => ({ u: f.userId, r: f.roleId }), fields: ['u', 'r'] },
  { field: 'createRole', document: `mutation($input: CreateRoleInput!) { createRole(input: $input) ${RESULT} }`, variables: () => ({ input: { name: newRoleName(), permissions: ['users:read'] } }), fields: ['input', 'input.name', 'input.permissions', 'input.permissions.0'] },
  { field: 'updateRole', document: `mutation($id: ID!, $input: UpdateRoleInput!, $rev: String) { updateRole(id: $id, input: $input, expectedRevision: $rev) ${RESULT} }`, variables: (f) => ({ id: f.roleId, input: { name: newRoleName() }, rev: null }), fields: ['id', 'input.name', 'input.permissions', 'rev'] },
  { field: 'deleteRole', document: `mutation($id: ID!, $rev: String) { deleteRole(id: $id, expectedRevision: $rev) ${RESULT} }`, variables: (f) => ({ id: f.roleId, rev: null }), fields: ['id', 'rev'] },
  { field: 'addItem', document: `mutation($input: AddItemInput!) { addItem(input: $input) ${RESULT} }`, variables: () => ({ input: { sku: uniqueSku('hostile'), name: 'Mug', quantity: 10 } }), fields: ['input', 'input.sku', 'input.name', 'input.quantity'] },
  { field: 'restockItem', document: `mutation($sku: String!, $q: Int!) { restockItem(sku: $sku, quantity: $q) ${RESULT} }`, variables: (f) => ({ sku: f.sku, q: 1 }), fields: ['sku', 'q'] },
  { field: 'placeOrder', document: `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) ${RESULT} }`, variables: (f) => ({ input: { lines: [{ sku: f.sku, quantity: 1 }] } }), fields: ['input', 'input.lines', 'input.lines.0', 'input.lines.0.sku', 'input.lines.0.quantity'] },
  { field: 'cancelOrder', document: `mutation($id: ID!) { cancelOrder(id: $id) ${RESULT} }`, variables: (f) => ({ id: f.orderId }), fields: ['id'] },
  { field: 'users', document: 'query($first: Int, $after: String, $email: String, $role: String, $min: String) { users(first: $first, after: $after, email: $email, role: $role, minPosition: $min) { items { id } } }', variables: () => ({}), fields: ['first', 'after', 'email', 'role', 'min'] },
  { field: 'user', document: 'query($id: ID!) { user(id: $id) { id } }', variables: (f) => ({ id: f.userId }), fields: ['id'] },
  { field: 'item', document: 'query($sku: String!) { item(sku: $sku) { sku } }', variables: (f) => ({ sku: f.sku }), fields: ['sku'] },
  { field: 'orders', document: 'query($status: String, $first: Int, $after: String) { orders(status: $status, first: $first, after: $after) { items { id } } }', variables: () => ({}), fields: ['status', 'first', 'after'] },
  { field: 'sagaTimeline', document: 'query($c: String!) { sagaTimeline(correlationId: $c) { events { type } } }', variables: (f) => ({ c: f.correlationId }), fields: ['c'] },
];

/** One generated request: which parts are hostile, and how. Everything else is valid. */
interface HostileCase {
  params: Record<string, string | null>;
  query: Array<[string, string]>;
  overrides: Array<[string, Json]>;
  extras: Array<[string, Json]>;
  /** Sent instead of the whole body (or of all GraphQL variables). */
  replacement: Json | null;
  header: [string, string] | null;
}

/** `arbitrary` once in `every` cases, null otherwise. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: every - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });

/** Any visible ASCII (what fetch lets through), but no far-future position: waiting 5 s for it and answering 503 is right. */
const headerValue = fc.string({ unit: 'grapheme-ascii', maxLength: 30 }).filter((value) => !/^\s*\d{9,}\s*$/.test(value));

const hostileCase = (fields: string[], params: string[] = [], queryKeys: string[] = []): fc.Arbitrary<HostileCase> =>
  fc.record({
    params: fc.record(Object.fromEntries(params.map((name) => [name, sometimes(hostileSegment, 2)]))) as fc.Arbitrary<Record<string, string | null>>,
    query: fc.array(fc.tuple(queryKeys.length ? fc.oneof(fc.constantFrom(...queryKeys), hostileShortString) : hostileShortString, hostileShortString), { maxLength: 3 }),
    overrides: fields.length ? fc.array(fc.tuple(fc.constantFrom(...fields), hostileValue), { minLength: 1, maxLength: 2 }) : fc.constant([]),
    extras: fc.array(fc.tuple(hostileKey, hostileValue), { maxLength: 1 }),
    replacement: sometimes(hostileValue, 8),
    header: sometimes(fc.tuple(fc.constantFrom('x-min-position', 'if-match', 'idempotency-key'), headerValue), 4),
  });


/** A fixed example: only the named parts hostile. */
const example = (parts: Partial<HostileCase>): HostileCase => ({ params: {}, query: [], overrides: [], extras: [], replacement: null, header: null, ...parts });

/** Sets `a.b.0.c` in a JSON value (made of plain objects and arrays), creating what is missing. */
function setPath(root: Record<string, Json>, path: string, value: Json): void {
  const keys = path.split('.');
  let target = root as Record<string, Json>;
  for (const key of keys.slice(0, -1)) {
    const next = target[key];
    target[key] = next !== null && typeof next === 'object' && !(next instanceof RawJson) ? next : {};
    target = target[key] as Record<string, Json>;
  }
  target[keys[keys.length - 1]] = value;
}

function hostileBody(valid: Record<string, Json>, c: HostileCase, extrasAt?: string): Json {
  if (c.replacement !== null) return c.replacement;
  for (const [path, value] of c.overrides) setPath(valid, path, value);
  for (const [key, value] of c.extras) setPath(valid, extrasAt && typeof valid[extrasAt] === 'object' ? `${extrasAt}.${key}` : key, value);
  return valid;
}

interface Answer {
  status: number;
  type: string;
  text: string;
  replayed: boolean;
}

const STACK_OR_SQL = /\bat .+\.(ts|js):\d+|SELECT |INSERT |UPDATE .+ SET /;
const OUR_FAULT = new Set(['INTERNAL', 'INTERNAL_SERVER_ERROR']);

describe('hostile input: every REST route and GraphQL operation answers 4xx, never 5xx, and stores nothing when it says no', () => {
  let system: RunningSystem;
  let api: GatewayClient;
  let admin: string;
  let db: Client;
  let fixtures: Fixtures;
  let sent = 0;

  beforeAll(async () => {
    system = await startSystem({ env: { LOGIN_THROTTLE_LIMIT: '100000' } });
    api = new GatewayClient(system.url);
    admin = await api.login(system.admin.email, system.admin.password);
    db = new Client({ connectionString: system.database.connectionString });
    db.on('error', () => undefined);
    await db.connect();
    const email = uniqueEmail('fixture');
    const user = await api.request<{ id: string }>('POST', '/users', { token: admin, body: { email, name: 'Fixture', password: 'fixture-password' } });
    const role = await api.request<{ id: string }>('POST', '/roles', { token: admin, body: { name: newRoleName(), permissions: ['users:read'] } });
    const sku = uniqueSku('fixture');
    await api.request('POST', '/inventory/items', { token: admin, body: { sku, name: 'Fixture', quantity: 1_000 } });
    const order = await api.request<{ orderId: string; correlationId: string }>('POST', '/orders', { token: admin, body: { lines: [{ sku, quantity: 1 }] } });
    expect([user.status, role.status, order.status]).toEqual([201, 201, 202]);
    fixtures = { userId: user.body.id, roleId: role.body.id, sku, orderId: order.body.orderId, correlationId: order.body.correlationId, email };
  });
  afterAll(async () => {
    await db?.end();
    await system?.stop();
  });

  const eventsOf = async (correlationId: string): Promise<number> =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM chronicle.events WHERE correlation_id = $1', [correlationId])).rows[0].n;

  async function send(method: string, path: string, correlationId: string, body?: string, header?: [string, string] | null): Promise<Answer> {
    const headers: Record<string, string> = { authorization: `Bearer ${admin}`, 'x-correlation-id': correlationId };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (header) headers[header[0]] = header[1];
    const response = await fetch(`${system.url}${path}`, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
    const type = response.headers.get('content-type') ?? '';
    // A valid category opens the live feed, which never ends: its answer is the headers.
    if (type.startsWith('text/event-stream')) {
      await response.body?.cancel();
      return { status: response.status, type, text: '', replayed: false };
    }
    return { status: response.status, type, text: await response.text(), replayed: response.headers.get('idempotent-replayed') === 'true' };
  }

  /** A problem document (RFC 9457) with our code, and nothing internal in it. */
  function expectProblem(answer: Answer): void {
    expect(answer.type).toContain('application/problem+json');
    expect(JSON.parse(answer.text)).toMatchObject({ type: expect.any(String), title: expect.any(String), status: answer.status, detail: expect.any(String), code: expect.stringMatching(/^[A-Z][A-Z0-9_]+$/) });
    expect(answer.text).not.toMatch(STACK_OR_SQL);
  }

  /** No 5xx; a refusal writes nothing; an acknowledged write can be found by its correlation id (so the check above can fail). */
  async function expectNothingStoredUnlessAccepted(correlationId: string, refused: boolean, position: unknown, replayed: boolean): Promise<void> {
    if (refused) expect(await eventsOf(correlationId)).toBe(0);
    else if (typeof position === 'string' && !replayed) expect(await eventsOf(correlationId)).toBeGreaterThan(0);
  }

  describe.each(ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))('%s', (_name, route) => {
    const params = Object.keys(route.params ?? {});
    const examples: HostileCase[] =
      route.path === '/users' && route.method === 'POST'
        ? [example({ overrides: [['name', 'A\u0000B']] }), example({ overrides: [['name', 'Ad\ud800a']] }), example({ overrides: [['name', deepArray(10_000)]] })]
        : route.path === '/roles' && route.method === 'POST'
          ? [example({ overrides: [['permissions', ['users:read', 'x\ud800']]] }), example({ replacement: deepArray(10_000) })]
          : route.path === '/inventory/items' && route.method === 'POST'
            ? [example({ overrides: [['quantity', new RawJson('1e400')]] }), example({ overrides: [['quantity', new RawJson('123456789012345678901234567890')]] })]
            : route.path === '/users/:id' && route.method === 'PATCH'
              ? [example({ overrides: [['email', null]] }), example({ overrides: [['name', null]] })]
              : route.path === '/roles/:id' && route.method === 'PATCH'
                ? [example({ overrides: [['name', null]] }), example({ overrides: [['permissions', null]] })]
                : [];

    it('answers hostile strings, numbers, nesting and unknown fields with a 4xx problem, and stores nothing for it', async () => {
      await fc.assert(
        fc.asyncProperty(hostileCase(route.fields ?? [], params, route.query), async (c) => {
          const correlationId = `hostile-${++sent}-${randomUUID()}`;
          let path = route.path;
          for (const name of params) path = path.replace(`:${name}`, c.params[name] ?? fixtures[route.params![name]]);
          if (c.query.length) path += `?${c.query.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&')}`;
          const body = route.method === 'GET' ? undefined : route.body ? jsonText(hostileBody(route.body(fixtures), c)) : c.replacement !== null ? jsonText(c.replacement) : undefined;
          const answer = await send(route.method, path, correlationId, body, c.header);
          expect(answer.status).toBeLessThan(500);
          if (answer.status >= 400) expectProblem(answer);
          const position = answer.status < 300 && answer.type.includes('json') ? (JSON.parse(answer.text) as { position?: unknown }).position : undefined;
          await expectNothingStoredUnlessAccepted(correlationId, answer.status >= 400, position, answer.replayed);
        }),
        { numRuns: 30, examples: examples.map((e) => [e]) },
      );
    });
  });

  describe.each(OPERATIONS.map((operation) => [operation.field, operation] as const))('GraphQL %s', (_name, operation) => {
    const examples: HostileCase[] =
      operation.field === 'createUser'
        ? [example({ overrides: [['input.name', 'A\u0000B']] }), example({ overrides: [['input.name', 'Ad\ud800a']] }), example({ overrides: [['input.name', deepArray(10_000)]] })]
        : operation.field === 'createRole'
          ? [example({ overrides: [['input.permissions', ['users:read', 'x\udc00']]] })]
          : [];

    it('answers with coded errors (never INTERNAL, never 5xx), and stores nothing for a refusal', async () => {
      await fc.assert(
        fc.asyncProperty(hostileCase(operation.fields), async (c) => {
          const correlationId = `hostile-${++sent}-${randomUUID()}`;
          const variables = hostileBody(operation.variables(fixtures), c, 'input');
          const answer = await send('POST', '/graphql', correlationId, jsonText({ query: operation.document, variables }), c.header);
          expect(answer.status).toBeLessThan(500);
          // Refused before GraphQL runs (a body too deep, malformed JSON): a problem document like REST's.
          if (answer.type.includes('application/problem+json')) {
            expectProblem(answer);
            return expectNothingStoredUnlessAccepted(correlationId, true, undefined, false);
          }
          const result = JSON.parse(answer.text) as { data?: Record<string, { position?: unknown } | null> | null; errors?: Array<{ extensions?: { code?: unknown; status?: unknown } }> };
          for (const error of result.errors ?? []) {
            expect(error.extensions?.code).toEqual(expect.any(String));
            expect(OUR_FAULT.has(String(error.extensions?.code))).toBe(false);
            if (typeof error.extensions?.status === 'number') expect(error.extensions.status).toBeLessThan(500);
          }
          expect(answer.text).not.toMatch(STACK_OR_SQL);
          const refused = answer.status >= 400 || (result.errors?.length ?? 0) > 0;
          await expectNothingStoredUnlessAccepted(correlationId, refused, result.data?.[operation.field]?.position, answer.replayed);
        }),
        { numRuns: 24, examples: examples.map((e) => [e]) },
      );
    });
  });

  it('refuses a GraphQL document nested 10,000 deep before parsing it (400 QUERY_TOO_DEEP)', async () => {
    const deep = `mutation { createRole(input: { name: "x", permissions: ${'['.repeat(10_000)}${']'.repeat(10_000)} }) { id } }`;
    const answer = await api.graphql(deep, {}, admin);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
  });

  it('is still ready afterwards: no projection parked an event the hostile requests left behind', async () => {
    await system.waitUntilReady(30_000);
  });
});
