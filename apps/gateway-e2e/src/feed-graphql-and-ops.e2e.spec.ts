import { GatewayClient } from './support/http-client';
import { streamEvents, uniqueEmail } from './support/fixtures';
import { readSse } from './support/sse-reader';
import { startSystem, type RunningSystem } from './support/start-system';

describe('gateway: live feed, GraphQL and operations', () => {
  let system: RunningSystem;
  let api: GatewayClient;
  let admin: string;

  beforeAll(async () => {
    system = await startSystem({ env: { GRAPHQL_MAX_DEPTH: '6', GRAPHQL_MAX_COMPLEXITY: '500' } });
    api = new GatewayClient(system.url);
    admin = await api.login(system.admin.email, system.admin.password);
  });
  afterAll(() => system?.stop());

  const createUser = async (email = uniqueEmail()) =>
    (await api.request<{ id: string; position: string }>('POST', '/users', { token: admin, body: { email, name: 'Feed', password: 'password1' } })).body;

  describe('GET /events (Server-Sent Events)', () => {
    it('streams recorded events with id = position, never a password hash, and resumes after Last-Event-ID with nothing lost or repeated', async () => {
      const before = [await createUser(), await createUser()];
      const url = `${system.url}/events?category=user`;
      const first = await readSse(url, { token: admin, until: (events) => before.every((u) => events.some((e) => e.data.includes(u.id))) });
      expect(first.status).toBe(200);
      expect(first.contentType).toContain('text/event-stream');
      const created = first.events.filter((e) => e.event === 'UserCreated');
      expect(created.length).toBeGreaterThanOrEqual(2);
      const payload = JSON.parse(created[0].data) as Record<string, unknown>;
      expect(payload).toMatchObject({ streamId: expect.stringMatching(/^user-/), revision: '0', type: 'UserCreated', recordedAt: expect.any(String), data: { email: expect.any(String) } });
      expect(first.events.map((e) => e.data).join('\n')).not.toMatch(/passwordHash|\$2[aby]\$/);
      const positions = first.events.map((e) => BigInt(e.id!));
      expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);

      const lastSeen = first.events[first.events.length - 1].id!;
      const after = [await createUser(), await createUser()];
      const resumed = await readSse(url, { token: admin, lastEventId: lastSeen, until: (events) => after.every((u) => events.some((e) => e.data.includes(u.id))) });
      expect(resumed.events.every((e) => BigInt(e.id!) > BigInt(lastSeen))).toBe(true);
      const seenIds = new Set(first.events.map((e) => e.id));
      expect(resumed.events.filter((e) => seenIds.has(e.id))).toEqual([]);
      expect(resumed.events.filter((e) => e.event === 'UserCreated').map((e) => (JSON.parse(e.data) as { streamId: string }).streamId)).toEqual(
        after.map((u) => `user-${u.id}`),
      );
    });

    it('needs an admin token, and a category that names one when given', async () => {
      expect((await readSse(`${system.url}/events?category=user`, { token: 'nope', until: () => true })).status).toBe(401);
      expect((await api.request('GET', '/events?category=User%3B', { token: admin })).status).toBe(400);
    });
  });

  describe('POST /graphql', () => {
    it('logs in, creates, reads with minPosition (roles batched), updates with expectedRevision, lists and deletes', async () => {
      const login = await api.graphql<{ login: { accessToken: string } }>(
        'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken expiresIn } }',
        { e: system.admin.email, p: system.admin.password },
      );
      const token = login.body.data!.login.accessToken;
      const email = uniqueEmail('gql');
      const created = await api.graphql<{ createUser: { id: string; position: string; revision: string } }>(
        'mutation($input: CreateUserInput!) { createUser(input: $input) { id revision position } }',
        { input: { email, name: 'Grace', password: 'password1' } },
        token,
      );
      const user = created.body.data!.createUser;
      expect(user).toMatchObject({ revision: '0', position: expect.stringMatching(/^\d+$/) });
      const role = await api.graphql<{ createRole: { id: string } }>('mutation { createRole(input: { name: "gql-role", permissions: ["a", "b"] }) { id } }', {}, token);
      const assigned = await api.graphql<{ assignRole: { position: string } }>(
        'mutation($u: ID!, $r: ID!) { assignRole(userId: $u, roleId: $r) { position } }',
        { u: user.id, r: role.body.data!.createRole.id },
        token,
      );
      const read = await api.graphql<{ user: Record<string, unknown> }>(
        'query($id: ID!, $p: String) { user(id: $id, minPosition: $p) { id email name revision roles { id name permissions } } }',
        { id: user.id, p: assigned.body.data!.assignRole.position },
        token,
      );
      expect(read.body.errors).toBeUndefined();
      expect(read.body.data!.user).toMatchObject({ email, name: 'Grace', roles: [{ name: 'gql-role', permissions: ['a', 'b'] }] });

      const updated = await api.graphql<{ updateUser: { revision: string; position: string } }>(
        'mutation($id: ID!) { updateUser(id: $id, input: { name: "Grace H." }, expectedRevision: "0") { revision position } }',
        { id: user.id },
        token,
      );
      expect(updated.body.data!.updateUser.revision).toBe('1');
      const stale = await api.graphql('mutation($id: ID!) { updateUser(id: $id, input: { name: "X" }, expectedRevision: "0") { revision } }', { id: user.id }, token);
      expect(stale.body.errors?.[0].extensions?.code).toBe('WRONG_EXPECTED_REVISION');

      const page = await api.graphql<{ users: { items: Array<{ id: string; roles: Array<{ name: string }> }>; nextCursor: string | null } }>(
        'query($p: String) { users(first: 50, minPosition: $p) { items { id roles { name } } nextCursor } roles { id name } }',
        { p: updated.body.data!.updateUser.position },
        token,
      );
      expect(page.body.errors).toBeUndefined();
      expect(page.body.data!.users.items.find((u) => u.id === user.id)?.roles).toEqual([{ name: 'gql-role' }]);

      const deleted = await api.graphql<{ deleteUser: { position: string } }>('mutation($id: ID!) { deleteUser(id: $id) { position } }', { id: user.id }, token);
      const gone = await api.graphql('query($id: ID!, $p: String) { user(id: $id, minPosition: $p) { id } }', { id: user.id, p: deleted.body.data!.deleteUser.position }, token);
      expect(gone.body.errors?.[0].extensions?.code).toBe('USER_NOT_FOUND');
    });

    it('Idempotency-Key: a retried mutation repeats the same commands, with no second effect', async () => {
      const query = 'mutation($input: CreateUserInput!) { createUser(input: $input) { id revision position } }';
      const variables = { input: { email: uniqueEmail('gql-idem'), name: 'Idem', password: 'password1' } };
      const send = () => api.request<{ data: { createUser: { id: string } } }>('POST', '/graphql', { token: admin, body: { query, variables }, headers: { 'idempotency-key': `gql-${variables.input.email}` } });
      const [first, second] = [await send(), await send()];
      expect(second.body.data).toEqual(first.body.data);
      expect(await streamEvents(system.database.connectionString, `user-${first.body.data.createUser.id}`)).toHaveLength(1);
    });

    it('applies the same auth rules and reports errors with extensions.code', async () => {
      const anonymous = await api.graphql('{ roles { id } }');
      expect(anonymous.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const plain = uniqueEmail('plain');
      await createUser(plain);
      const token = (await api.graphql<{ login: { accessToken: string } }>(`mutation { login(email: "${plain}", password: "password1") { accessToken } }`)).body.data!.login.accessToken;
      const forbidden = await api.graphql('{ roles { id } }', {}, token);
      expect(forbidden.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const invalid = await api.graphql('mutation { createUser(input: { email: "nope", name: "X", password: "password1" }) { id } }', {}, admin);
      expect(invalid.body.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
      const wrong = await api.graphql('mutation { login(email: "nobody@e2e.test", password: "password1") { accessToken } }');
      expect(wrong.body.errors?.[0].extensions?.code).toBe('INVALID_CREDENTIALS');
      expect(JSON.stringify(wrong.body)).not.toMatch(/stacktrace|\.ts:\d+/);
    });

    it('rejects abusive queries: too deep, too complex', async () => {
      const deep = await api.graphql('{ roles { members { roles { members { roles { members { id } } } } } } }', {}, admin);
      expect(deep.body.errors?.[0].extensions?.code).toBe('QUERY_TOO_DEEP');
      expect(deep.body.data).toBeUndefined();
      const wide = await api.graphql('{ users(first: 100) { items { id email name roles { id name permissions members { id email } } } } }', {}, admin);
      expect(wide.body.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    });
  });

  describe('operations', () => {
    it('health: live and ready (database, services, projections, bootstrap)', async () => {
      expect((await api.request('GET', '/health/live')).status).toBe(200);
      const ready = await api.request<{ status: string; details: Record<string, unknown> }>('GET', '/health/ready');
      expect(ready.status).toBe(200);
      expect(Object.keys(ready.body.details).sort()).toEqual([
        'admin-bootstrap',
        'database',
        'identity-command',
        'identity-query',
        'inventory-command',
        'inventory-query',
        'ordering-command',
        'ordering-query',
      ]);
    });

    it('metrics in Prometheus format; OpenAPI document and Swagger UI', async () => {
      const metrics = await api.request('GET', '/metrics');
      expect(metrics.headers.get('content-type')).toContain('text/plain');
      expect(metrics.text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/auth\/login"/);
      const openApi = await api.request<{ paths: Record<string, unknown> }>('GET', '/docs-json');
      expect(Object.keys(openApi.body.paths)).toEqual(expect.arrayContaining(['/auth/login', '/users', '/users/{id}', '/users/{id}/roles/{roleId}', '/roles/{id}', '/events']));
      expect(Object.keys(openApi.body.paths)).toEqual(
        expect.arrayContaining(['/inventory/items', '/inventory/items/{sku}', '/inventory/items/{sku}/restock', '/orders', '/orders/{id}', '/orders/{id}/cancel', '/sagas/{correlationId}']),
      );
      const ui = await api.request('GET', '/docs');
      expect(ui.status).toBe(200);
      expect(ui.text).toContain('swagger');
    });
  });
});
