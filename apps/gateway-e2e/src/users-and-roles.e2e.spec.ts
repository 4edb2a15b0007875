import { GatewayClient } from './support/http-client';
import { claimsOf, streamEvents, uniqueEmail } from './support/fixtures';
import { startSystem, type RunningSystem } from './support/start-system';

type Reply = { id: string; revision: string; position: string | null };

describe('gateway: the seed scenario over REST', () => {
  let system: RunningSystem;
  let api: GatewayClient;
  let admin: string;

  beforeAll(async () => {
    system = await startSystem();
    api = new GatewayClient(system.url);
    admin = await api.login(system.admin.email, system.admin.password);
  });
  afterAll(() => system?.stop());

  const createUser = async (email = uniqueEmail(), name = 'Ada') => {
    const response = await api.request<Reply>('POST', '/users', { token: admin, body: { email, name, password: 'password1' } });
    expect(response.status).toBe(201);
    return response;
  };

  it('bootstraps the admin: the token carries the admin role', async () => {
    expect(claimsOf(admin)).toMatchObject({ email: system.admin.email, roles: ['admin'] });
    const login = await api.request('POST', '/auth/login', { body: { email: system.admin.email, password: system.admin.password } });
    expect(login.body).toEqual({ accessToken: expect.any(String), expiresIn: 3600 });
  });

  it('a second gateway (a replica, or a restart) changes nothing at bootstrap and replays the first one\'s Idempotency-Keys', async () => {
    const headers = { 'idempotency-key': `replica-${Date.now()}` };
    const body = { email: uniqueEmail('replica'), name: 'Ada', password: 'password1' };
    const first = await api.request<Reply>('POST', '/users', { token: admin, body, headers });
    const replica = await system.startGatewayReplica();
    try {
      const again = await new GatewayClient(replica.url).request<Reply>('POST', '/users', { token: admin, body, headers });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    } finally {
      await replica.stop();
    }
    const adminId = claimsOf(admin)['sub'] as string;
    expect((await streamEvents(system.database.connectionString, `user-${adminId}`)).filter((e) => e.type !== 'UserLoggedIn').map((e) => e.type)).toEqual(['UserCreated']);
    const roles = await api.request<{ items: Array<{ id: string; name: string }> }>('GET', '/roles', { token: admin });
    const adminRole = roles.body.items.find((r) => r.name === 'admin')!;
    expect((await streamEvents(system.database.connectionString, `role-${adminRole.id}`)).map((e) => e.type)).toEqual(['RoleCreated', 'RoleAssignedToUser']);
  });

  it('login records UserLoggedIn; wrong credentials are a 401 problem', async () => {
    const { body: user } = await createUser(uniqueEmail('login'));
    const email = (await api.request<{ email: string }>('GET', `/users/${user.id}`, { token: admin, headers: { 'x-min-position': user.position! } })).body.email;
    await api.login(email, 'password1');
    expect((await streamEvents(system.database.connectionString, `user-${user.id}`)).map((e) => e.type)).toEqual(['UserCreated', 'UserLoggedIn']);
    const wrong = await api.request('POST', '/auth/login', { body: { email, password: 'password2' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    expect(wrong.body).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS', title: expect.any(String), type: expect.any(String) });
  });

  it('creates a user (201, Location, ETag) and reads it back at once with X-Min-Position', async () => {
    const email = uniqueEmail();
    const created = await createUser(email, 'Ada Lovelace');
    expect(created.body).toEqual({ id: expect.any(String), revision: '0', position: expect.stringMatching(/^\d+$/) });
    expect(created.headers.get('location')).toBe(`/users/${created.body.id}`);
    expect(created.headers.get('etag')).toBe('"0"');
    const read = await api.request('GET', `/users/${created.body.id}`, { token: admin, headers: { 'X-Min-Position': created.body.position! } });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"0"');
    expect(read.body).toMatchObject({ id: created.body.id, email, name: 'Ada Lovelace', roles: [], revision: '0', createdAt: expect.any(String), updatedAt: expect.any(String) });
    expect(JSON.stringify(read.body)).not.toMatch(/password/i);
  });

  it('roles: create, assign (twice: 200 and no new event), list by role, unassign, update, delete', async () => {
    const name = `editor-${Date.now()}`;
    const role = await api.request<Reply>('POST', '/roles', { token: admin, body: { name, permissions: ['users:read'] } });
    expect(role.status).toBe(201);
    expect(role.headers.get('location')).toBe(`/roles/${role.body.id}`);
    const { body: user } = await createUser();

    const assigned = await api.request<Reply>('PUT', `/users/${user.id}/roles/${role.body.id}`, { token: admin });
    expect(assigned.status).toBe(200);
    const again = await api.request<Reply>('PUT', `/users/${user.id}/roles/${role.body.id}`, { token: admin });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ revision: assigned.body.revision, position: null });
    expect((await streamEvents(system.database.connectionString, `role-${role.body.id}`)).map((e) => e.type)).toEqual(['RoleCreated', 'RoleAssignedToUser']);

    const seen = await api.request<{ roles: unknown[] }>('GET', `/users/${user.id}`, { token: admin, headers: { 'x-min-position': assigned.body.position! } });
    expect(seen.body.roles).toEqual([{ id: role.body.id, name }]);
    const members = await api.request<{ items: Array<{ id: string }> }>('GET', `/users?role=${name}`, { token: admin, headers: { 'x-min-position': assigned.body.position! } });
    expect(members.body.items.map((u) => u.id)).toEqual([user.id]);

    const unassigned = await api.request('DELETE', `/users/${user.id}/roles/${role.body.id}`, { token: admin });
    expect(unassigned.status).toBe(204);
    const after = await api.request<{ roles: unknown[] }>('GET', `/users/${user.id}`, { token: admin, headers: { 'x-min-position': unassigned.headers.get('x-position')! } });
    expect(after.body.roles).toEqual([]);

    const renamed = await api.request<Reply>('PATCH', `/roles/${role.body.id}`, { token: admin, body: { name: `${name}-x` }, headers: { 'if-match': unassigned.headers.get('etag')! } });
    expect(renamed.status).toBe(200);
    const roleView = await api.request('GET', `/roles/${role.body.id}`, { token: admin, headers: { 'x-min-position': renamed.body.position! } });
    expect(roleView.body).toMatchObject({ name: `${name}-x`, permissions: ['users:read'] });
    const roles = await api.request<{ items: Array<{ id: string }> }>('GET', '/roles', { token: admin, headers: { 'x-min-position': renamed.body.position! } });
    expect(roles.body.items.map((r) => r.id)).toContain(role.body.id);
    const deleted = await api.request('DELETE', `/roles/${role.body.id}`, { token: admin });
    expect(deleted.status).toBe(204);
    const gone = await api.request('GET', `/roles/${role.body.id}`, { token: admin, headers: { 'x-min-position': deleted.headers.get('x-position')! } });
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: 'ROLE_NOT_FOUND' });
  });

  it('updates with If-Match: the current revision wins, a stale one is a 412', async () => {
    const { body: user } = await createUser();
    const updated = await api.request<Reply>('PATCH', `/users/${user.id}`, { token: admin, body: { name: 'Ada King' }, headers: { 'If-Match': '"0"' } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: user.id, revision: '1' });
    expect(updated.headers.get('etag')).toBe('"1"');
    const stale = await api.request('PATCH', `/users/${user.id}`, { token: admin, body: { name: 'Ada B.' }, headers: { 'If-Match': '"0"' } });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', expected: '0', actual: '1' });
    const read = await api.request('GET', `/users/${user.id}`, { token: admin, headers: { 'x-min-position': updated.body.position! } });
    expect(read.body).toMatchObject({ name: 'Ada King', revision: '1' });
  });

  it('deletes a user (204); it is then a 404', async () => {
    const { body: user } = await createUser();
    const deleted = await api.request('DELETE', `/users/${user.id}`, { token: admin });
    expect(deleted.status).toBe(204);
    const read = await api.request('GET', `/users/${user.id}`, { token: admin, headers: { 'x-min-position': deleted.headers.get('x-position')! } });
    expect(read.status).toBe(404);
    expect(read.body).toMatchObject({ code: 'USER_NOT_FOUND' });
  });

  it('lists users in pages and by email prefix', async () => {
    const prefix = `page-${Date.now()}`;
    let last: Reply | undefined;
    for (let i = 0; i < 3; i++) last = (await createUser(`${prefix}-${i}@e2e.test`)).body;
    const headers = { 'x-min-position': last!.position! };
    const first = await api.request<{ items: Array<{ email: string }>; nextCursor: string | null }>('GET', `/users?email=${prefix}&limit=2`, { token: admin, headers });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api.request<{ items: Array<{ email: string }>; nextCursor: string | null }>(
      'GET',
      `/users?email=${prefix}&limit=2&cursor=${encodeURIComponent(first.body.nextCursor!)}`,
      { token: admin, headers },
    );
    expect(second.body.items).toHaveLength(1);
    expect(new Set([...first.body.items, ...second.body.items].map((u) => u.email)).size).toBe(3);
  });

  it('a non-admin reads only themselves and changes nothing', async () => {
    const email = uniqueEmail('plain');
    const { body: me } = await createUser(email);
    const { body: other } = await createUser();
    const token = await api.login(email, 'password1');
    expect(claimsOf(token)).toMatchObject({ sub: me.id, roles: [] });
    expect((await api.request('GET', `/users/${me.id}`, { token })).status).toBe(200);
    const forbidden = await api.request('GET', `/users/${other.id}`, { token });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ code: 'FORBIDDEN' });
    expect((await api.request('GET', '/users', { token })).status).toBe(403);
    expect((await api.request('POST', '/users', { token, body: { email: uniqueEmail(), name: 'X', password: 'password1' } })).status).toBe(403);
  });

  it('accepts or makes a correlation id, echoes it and stamps it on the events', async () => {
    const created = await api.request<Reply>('POST', '/users', {
      token: admin,
      body: { email: uniqueEmail(), name: 'Corr', password: 'password1' },
      headers: { 'X-Correlation-Id': 'e2e-correlation-42' },
    });
    expect(created.headers.get('x-correlation-id')).toBe('e2e-correlation-42');
    expect((await streamEvents(system.database.connectionString, `user-${created.body.id}`))[0].correlationId).toBe('e2e-correlation-42');
    const generated = await api.request('GET', '/health/live');
    expect(generated.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('30 concurrent creates of one email: exactly one 201, the others 409', async () => {
    const email = uniqueEmail('race');
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => api.request('POST', '/users', { token: admin, body: { email, name: `Racer ${i}`, password: 'password1' } })),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(29);
    expect(responses.find((r) => r.status === 409)?.body).toMatchObject({ code: 'USER_EMAIL_TAKEN' });
  });
});
