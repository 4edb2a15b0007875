import type { ServiceApp } from '@chronicle/messaging';
import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import { findFreePort } from '@chronicle/embedded-postgres';
import { IdentityCommands, IdentityQueries, type CommandReply, type Page, type RoleView, type UserView } from '@chronicle/identity-contracts';
import { callService, clientTransport } from '@chronicle/messaging';
import { createTestDatabase, startAppProcess } from '@chronicle/testing';
import { v7 as uuidv7 } from 'uuid';
import type { ChildProcess } from 'node:child_process';
import { createIdentityQueryApp } from './create-identity-query-app';



const transports: string[] = ['tcp'];
if (process.env['NATS_URL']) transports.push('nats');
else console.warn('SKIPPED: identity-query over NATS (set NATS_URL=nats://127.0.0.1:4222 to run it)');

describe.each(transports)('identity-query over %s', (transport) => {
  let app: ServiceApp;
  let commandService: ChildProcess | undefined;
  let commands: ClientProxy;
  let queries: ClientProxy;
  const saved = { ...process.env };

  beforeAll(async () => {
    const db = await createTestDatabase();
    const natsUrl = transport === 'nats' ? process.env['NATS_URL'] : undefined;
    if (!natsUrl) delete process.env['NATS_URL'];
    const commandPort = await findFreePort();
    const queryPort = await findFreePort();
    Object.assign(process.env, {
      DATABASE_URL: db.connectionString,
      IDENTITY_COMMAND_PORT: String(commandPort), IDENTITY_COMMAND_OPS_PORT: '0',
      IDENTITY_QUERY_PORT: String(queryPort), IDENTITY_QUERY_OPS_PORT: '0',
      PASSWORD_HASH_ROUNDS: '4',
      READ_YOUR_WRITES_TIMEOUT_MS: '3000',
    });
    commandService = await startAppProcess('identity-command', process.env);
    app = await createIdentityQueryApp();
    await app.listen();
    commands = ClientProxyFactory.create(clientTransport({ host: '127.0.0.1', port: commandPort, natsUrl, queue: '' }));
    queries = ClientProxyFactory.create(clientTransport({ host: '127.0.0.1', port: queryPort, natsUrl, queue: '' }));
  });
  afterAll(async () => {
    await commands?.close();
    await queries?.close();
    await app?.close();
    commandService?.kill('SIGTERM');
    process.env = saved;
  });

  const command = (pattern: string, payload: object) => callService<CommandReply>(commands, pattern, { commandId: uuidv7(), ...payload }, 10_000);
  const query = <T>(pattern: string, payload: object) => callService<T>(queries, pattern, payload, 10_000);

  it('reads its own writes: a user with roles, right after the commands, via minPosition', async () => {
    const email = `ada-${uuidv7()}@example.com`;
    const user = await command(IdentityCommands.createUser, { email, name: 'Ada', password: 'password1' });
    const role = await command(IdentityCommands.createRole, { name: `auditor-${uuidv7()}`, permissions: ['audit:read'] });
    const assigned = await command(IdentityCommands.assignRole, { roleId: role.id, userId: user.id });
    const view = await query<UserView>(IdentityQueries.getUser, { userId: user.id, minPosition: assigned.position });
    expect(view).toMatchObject({ id: user.id, email, name: 'Ada', revision: '0', roles: [{ id: role.id }] });
    expect(JSON.stringify(view)).not.toContain('passwordHash');
    const roleView = await query<RoleView>(IdentityQueries.getRole, { roleId: role.id, minPosition: assigned.position });
    expect(roleView).toMatchObject({ id: role.id, memberCount: 1, permissions: ['audit:read'] });
  });

  it('lists users with cursor pagination and filters by email prefix and role', async () => {
    const tag = uuidv7().slice(-8);
    let last: CommandReply | undefined;
    for (let i = 0; i < 5; i++) {
      last = await command(IdentityCommands.createUser, { email: `page-${tag}-${i}@example.com`, name: `P${i}`, password: 'password1' });
    }
    const role = await command(IdentityCommands.createRole, { name: `pager-${tag}`, permissions: [] });
    const assigned = await command(IdentityCommands.assignRole, { roleId: role.id, userId: last!.id });
    const first = await query<Page<UserView>>(IdentityQueries.listUsers, { email: `PAGE-${tag}`, limit: 2, minPosition: assigned.position });
    expect(first.items.map((u) => u.name)).toEqual(['P0', 'P1']);
    const second = await query<Page<UserView>>(IdentityQueries.listUsers, { email: `page-${tag}`, limit: 2, cursor: first.nextCursor });
    const third = await query<Page<UserView>>(IdentityQueries.listUsers, { email: `page-${tag}`, limit: 2, cursor: second.nextCursor });
    expect([...second.items, ...third.items].map((u) => u.name)).toEqual(['P2', 'P3', 'P4']);
    expect(third.nextCursor).toBeNull();
    const byRole = await query<Page<UserView>>(IdentityQueries.listUsers, { role: `pager-${tag}` });
    expect(byRole.items.map((u) => u.id)).toEqual([last!.id]);
    await expect(query(IdentityQueries.listUsers, { cursor: 'garbage' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('a deleted user or role is not found; deleting a role removes it from its users', async () => {
    const user = await command(IdentityCommands.createUser, { email: `del-${uuidv7()}@example.com`, name: 'Del', password: 'password1' });
    const role = await command(IdentityCommands.createRole, { name: `temp-${uuidv7()}`, permissions: [] });
    await command(IdentityCommands.assignRole, { roleId: role.id, userId: user.id });
    const roleDeleted = await command(IdentityCommands.deleteRole, { roleId: role.id });
    const view = await query<UserView>(IdentityQueries.getUser, { userId: user.id, minPosition: roleDeleted.position });
    expect(view.roles).toEqual([]);
    await expect(query(IdentityQueries.getRole, { roleId: role.id })).rejects.toMatchObject({ code: 'ROLE_NOT_FOUND' });
    const deleted = await command(IdentityCommands.deleteUser, { userId: user.id });
    await expect(query(IdentityQueries.getUser, { userId: user.id, minPosition: deleted.position })).rejects.toMatchObject({
      code: 'USER_NOT_FOUND',
    });
  });

  it('records the last login', async () => {
    const email = `login-${uuidv7()}@example.com`;
    await command(IdentityCommands.createUser, { email, name: 'L', password: 'password1' });
    const login = await command(IdentityCommands.login, { email, password: 'password1' });
    const view = await query<UserView>(IdentityQueries.getUser, { userId: login.id, minPosition: login.position });
    expect(view.lastLoginAt).not.toBeNull();
  });

  it('answers PROJECTION_LAGGING when the read model cannot reach minPosition in time', async () => {
    const error = await query(IdentityQueries.listRoles, { minPosition: '9000000000000000000' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PROJECTION_LAGGING' });
  });

  it('reports projection health', async () => {
    const health = await query<{ status: string; details: Record<string, unknown> }>(IdentityQueries.health, {});
    expect(health.status).toBe('ok');
    expect(health.details).toHaveProperty('projections');
  });
});
