import { createServer, type Server, type Socket } from 'node:net';
import { JwtService } from '@nestjs/jwt';
import { findFreePort } from '@chronicle/embedded-postgres';
import { GatewayClient } from './support/http-client';
import { streamEvents, uniqueEmail } from './support/fixtures';
import { startSystem, type RunningSystem } from './support/start-system';

const JWT_SECRET = 'e2e-secret-that-is-long-enough-for-hs256';
const LOGIN_LIMIT = 8;

describe('gateway: every error is a problem document with the right status', () => {
  let system: RunningSystem;
  let api: GatewayClient;
  let admin: string;

  beforeAll(async () => {
    system = await startSystem({ env: { JWT_SECRET, LOGIN_THROTTLE_LIMIT: String(LOGIN_LIMIT) } });
    api = new GatewayClient(system.url);
    admin = await api.login(system.admin.email, system.admin.password);
  });
  afterAll(() => system?.stop());

  const newUser = () => ({ email: uniqueEmail(), name: 'Ada', password: 'password1' });

  const expectProblem = (response: { status: number; headers: Headers; body: unknown; text: string }, status: number, code: string) => {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String), code, correlationId: expect.any(String) });
    expect(response.text).not.toMatch(/\bat .+\.(ts|js):\d+|SELECT |INSERT /);
  };

  it('400: unknown fields, invalid values, malformed JSON, bad headers', async () => {
    const unknown = await api.request('POST', '/users', { token: admin, body: { ...newUser(), isAdmin: true } });
    expectProblem(unknown, 400, 'VALIDATION_FAILED');
    expect(unknown.body).toMatchObject({ fields: { isAdmin: expect.any(Array) } });
    expectProblem(await api.request('POST', '/users', { token: admin, body: { ...newUser(), email: 'nope' } }), 400, 'VALIDATION_FAILED');
    expectProblem(await api.request('POST', '/users', { token: admin, rawBody: '{"email":', headers: { 'content-type': 'application/json' } }), 400, 'MALFORMED_JSON');
    expectProblem(await api.request('GET', '/users?limit=1000', { token: admin }), 400, 'VALIDATION_FAILED');
    expectProblem(await api.request('GET', `/users?unknown=1`, { token: admin }), 400, 'VALIDATION_FAILED');
    expectProblem(await api.request('GET', '/users', { token: admin, headers: { 'x-min-position': 'soon' } }), 400, 'INVALID_HEADER');
  });

  it('401: missing, invalid and expired tokens', async () => {
    expectProblem(await api.request('GET', '/users'), 401, 'UNAUTHENTICATED');
    expectProblem(await api.request('GET', '/users', { token: 'not.a.token' }), 401, 'UNAUTHENTICATED');
    const jwt = new JwtService({ secret: JWT_SECRET });
    const forged = await new JwtService({ secret: 'another-secret-another-secret-1234' }).signAsync({ sub: 'x', email: 'x@y.z', roles: ['admin'] });
    expectProblem(await api.request('GET', '/users', { token: forged }), 401, 'UNAUTHENTICATED');
    const expired = await jwt.signAsync({ sub: 'x', email: 'x@y.z', roles: ['admin'], exp: Math.floor(Date.now() / 1000) - 60 });
    expectProblem(await api.request('GET', '/users', { token: expired }), 401, 'TOKEN_EXPIRED');
  });

  it('403: not an admin', async () => {
    const user = newUser();
    await api.request('POST', '/users', { token: admin, body: user });
    const token = await api.login(user.email, user.password);
    expectProblem(await api.request('POST', '/roles', { token, body: { name: 'x', permissions: [] } }), 403, 'FORBIDDEN');
  });

  it('404: unknown user, unknown role, malformed id, unknown route', async () => {
    expectProblem(await api.request('GET', '/users/0193b2a4-0000-7000-8000-000000000000', { token: admin }), 404, 'USER_NOT_FOUND');
    expectProblem(await api.request('GET', '/roles/0193b2a4-0000-7000-8000-000000000000', { token: admin }), 404, 'ROLE_NOT_FOUND');
    expectProblem(await api.request('GET', '/users/42', { token: admin }), 404, 'NOT_FOUND');
    expectProblem(await api.request('GET', '/nowhere', { token: admin }), 404, 'NOT_FOUND');
  });

  it('409: a taken email or role name; 412: a stale If-Match; 400: a malformed one', async () => {
    const user = newUser();
    const first = await api.request<{ id: string }>('POST', '/users', { token: admin, body: user });
    expectProblem(await api.request('POST', '/users', { token: admin, body: { ...user, name: 'Other' } }), 409, 'USER_EMAIL_TAKEN');
    const name = `role-${Date.now()}`;
    await api.request('POST', '/roles', { token: admin, body: { name, permissions: [] } });
    expectProblem(await api.request('POST', '/roles', { token: admin, body: { name, permissions: [] } }), 409, 'ROLE_NAME_TAKEN');
    expectProblem(await api.request('PATCH', `/users/${first.body.id}`, { token: admin, body: { name: 'B' }, headers: { 'if-match': '"7"' } }), 412, 'WRONG_EXPECTED_REVISION');
    expectProblem(await api.request('DELETE', `/users/${first.body.id}`, { token: admin, headers: { 'if-match': 'yesterday' } }), 400, 'INVALID_HEADER');
  });

  it('413: a body over 1 MiB; 415: a body that is not JSON', async () => {
    const big = { ...newUser(), name: 'x'.repeat(1024 * 1024 + 10) };
    expectProblem(await api.request('POST', '/users', { token: admin, body: big }), 413, 'PAYLOAD_TOO_LARGE');
    expectProblem(await api.request('POST', '/users', { token: admin, rawBody: 'email=a@b.c', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('Idempotency-Key: the same request is replayed without a second effect; another body is a 422', async () => {
    const user = newUser();
    const headers = { 'idempotency-key': `create-${user.email}` };
    const first = await api.request<{ id: string }>('POST', '/users', { token: admin, body: user, headers });
    const second = await api.request<{ id: string }>('POST', '/users', { token: admin, body: user, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await streamEvents(system.database.connectionString, `user-${first.body.id}`)).toHaveLength(1);
    expectProblem(await api.request('POST', '/users', { token: admin, body: { ...user, name: 'Other' }, headers }), 422, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('Idempotency-Key: concurrent duplicates execute once and all get the first response', async () => {
    const user = newUser();
    const headers = { 'idempotency-key': `race-${user.email}` };
    const responses = await Promise.all(Array.from({ length: 8 }, () => api.request<{ id: string }>('POST', '/users', { token: admin, body: user, headers })));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1);
    // The same key on DELETE: one deletion, the retry is the first 204 again.
    const deleteHeaders = { 'idempotency-key': `delete-${user.email}` };
    const deletions = [await api.request('DELETE', `/users/${responses[0].body.id}`, { token: admin, headers: deleteHeaders })];
    deletions.push(await api.request('DELETE', `/users/${responses[0].body.id}`, { token: admin, headers: deleteHeaders }));
    expect(deletions.map((r) => r.status)).toEqual([204, 204]);
    expect((await streamEvents(system.database.connectionString, `user-${responses[0].body.id}`)).map((e) => e.type)).toEqual(['UserCreated', 'UserDeleted']);
  });

  it('503 PROJECTION_LAGGING when the read model does not reach X-Min-Position within 5 s', async () => {
    const started = Date.now();
    expectProblem(await api.request('GET', '/users', { token: admin, headers: { 'x-min-position': '9000000000000000000' } }), 503, 'PROJECTION_LAGGING');
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_500);
  });

  it('429: login is throttled per client', async () => {
    const responses = [];
    for (let i = 0; i < LOGIN_LIMIT + 2; i++) responses.push(await api.request('POST', '/auth/login', { body: { email: uniqueEmail(), password: 'password1' } }));
    expect(responses.map((r) => r.status)).toContain(429);
    expectProblem(responses[responses.length - 1], 429, 'THROTTLED');
  });
});

describe('gateway: downstream failures', () => {
  let system: RunningSystem;
  let silent: Server;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    // A query service that accepts connections and never answers (504), and no command service at all (503).
    const queryPort = await findFreePort();
    silent = createServer((socket) => (sockets.add(socket), socket.on('close', () => sockets.delete(socket))));
    await new Promise<void>((resolve) => silent.listen(queryPort, '127.0.0.1', resolve));
    system = await startSystem({ services: [], waitUntilReady: false, env: { IDENTITY_QUERY_PORT: String(queryPort), QUERY_TIMEOUT_MS: '500', COMMAND_TIMEOUT_MS: '1000' } });
  });
  afterAll(async () => {
    await system?.stop();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
  });

  it('503 when a service is down, 504 when it does not answer; readiness says which', async () => {
    const api = new GatewayClient(system.url);
    const login = await api.request('POST', '/auth/login', { body: { email: uniqueEmail(), password: 'password1' } });
    expect(login.status).toBe(503);
    expect(login.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', detail: 'A downstream service is unavailable' });
    expect(login.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    const token = await new JwtService({ secret: 'chronicle-local-development-secret-change-me' }).signAsync({ sub: 'x', email: 'x@y.z', roles: ['admin'] });
    const slow = await api.request('GET', '/users', { token });
    expect(slow.status).toBe(504);
    expect(slow.body).toMatchObject({ code: 'TIMEOUT' });
    const ready = await api.request<{ health: { error: Record<string, unknown> } }>('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(Object.keys(ready.body.health.error)).toEqual(expect.arrayContaining(['identity-command', 'identity-query', 'admin-bootstrap']));
    expect((await api.request('GET', '/health/live')).status).toBe(200);
  });
});
