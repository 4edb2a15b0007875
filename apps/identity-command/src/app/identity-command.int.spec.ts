import type { ServiceApp } from '@chronicle/messaging';
import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import { findFreePort } from '@chronicle/embedded-postgres';
import { createPostgresEventStore, type PostgresEventStore } from '@chronicle/event-store';
import { IdentityCommands, type CommandReply } from '@chronicle/identity-contracts';
import { callService, clientTransport, type ServiceEndpoint } from '@chronicle/messaging';
import { createTestDatabase } from '@chronicle/testing';
import { v7 as uuidv7 } from 'uuid';
import { createIdentityCommandApp } from './create-identity-command-app';

const transports: string[] = ['tcp'];
if (process.env['NATS_URL']) transports.push('nats');
else console.warn('SKIPPED: identity-command over NATS (set NATS_URL=nats://127.0.0.1:4222 to run it)');

describe.each(transports)('identity-command over %s', (transport) => {
  let app: ServiceApp;
  let client: ClientProxy;
  let store: PostgresEventStore;
  const saved = { ...process.env };

  beforeAll(async () => {
    const db = await createTestDatabase();
    const endpoint: ServiceEndpoint = {
      host: '127.0.0.1',
      port: await findFreePort(),
      natsUrl: transport === 'nats' ? process.env['NATS_URL'] : undefined,
      queue: 'identity-command',
    };
    Object.assign(process.env, {
      DATABASE_URL: db.connectionString,
      IDENTITY_COMMAND_PORT: String(endpoint.port), IDENTITY_COMMAND_OPS_PORT: '0',
      PASSWORD_HASH_ROUNDS: '4',
    });
    if (transport === 'tcp') delete process.env['NATS_URL'];
    app = await createIdentityCommandApp();
    await app.listen();
    client = ClientProxyFactory.create(clientTransport(endpoint));
    await client.connect();
    store = await createPostgresEventStore({ connectionString: db.connectionString });
  });
  afterAll(async () => {
    await client?.close();
    await app?.close();
    await store?.close();
    process.env = saved;
  });

  const send = <T = CommandReply>(pattern: string, payload: object) => callService<T>(client, pattern, { commandId: uuidv7(), ...payload }, 10_000);
  const events = async (streamId: string) => {
    const out = [];
    for await (const e of store.readStream(streamId)) out.push(e);
    return out;
  };
  const email = () => `user-${uuidv7()}@example.com`;

  it('creates a user and answers with id, revision and position; the same command again gets the same reply', async () => {
    const command = { commandId: uuidv7(), email: email(), name: 'Ada', password: 'correct horse' };
    const reply = await send(IdentityCommands.createUser, command);
    expect(reply).toMatchObject({ id: expect.any(String), revision: '0', position: expect.stringMatching(/^\d+$/) });
    expect(await send(IdentityCommands.createUser, command)).toEqual(reply);
    const stored = await events(`user-${reply.id}`);
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored[0].data)).not.toContain('correct horse');
  });

  it('20 concurrent creates with one email (any case): exactly one succeeds, the others get USER_EMAIL_TAKEN', async () => {
    const address = email();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        send(IdentityCommands.createUser, { email: i % 2 ? address.toUpperCase() : address, name: `N${i}`, password: 'password1' }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const taken = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(taken.map((r) => r.reason.code)).toEqual(Array(19).fill('USER_EMAIL_TAKEN'));
  });

  it('deleting a user frees the email; a deleted user cannot log in', async () => {
    const address = email();
    const first = await send(IdentityCommands.createUser, { email: address, name: 'First', password: 'password1' });
    await expect(send(IdentityCommands.createUser, { email: address, name: 'Second', password: 'password1' })).rejects.toMatchObject({
      code: 'USER_EMAIL_TAKEN',
    });
    await send(IdentityCommands.deleteUser, { userId: first.id });
    await expect(send(IdentityCommands.login, { email: address, password: 'password1' })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const second = await send(IdentityCommands.createUser, { email: address, name: 'Second', password: 'password2' });
    expect(second.id).not.toBe(first.id);
    await expect(send(IdentityCommands.login, { email: address, password: 'password2' })).resolves.toMatchObject({ userId: second.id });
  });

  it('login: the right password records UserLoggedIn; a wrong password and an unknown email fail the same way', async () => {
    const address = email();
    const user = await send(IdentityCommands.createUser, { email: address, name: 'Ada', password: 'password1' });
    const login = await send(IdentityCommands.login, { email: address.toUpperCase(), password: 'password1' });
    expect(login).toMatchObject({ userId: user.id, name: 'Ada', revision: '1' });
    const wrong = await send(IdentityCommands.login, { email: address, password: 'password2' }).catch((e: unknown) => e);
    const unknown = await send(IdentityCommands.login, { email: email(), password: 'password1' }).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'Invalid email or password' });
    expect(unknown).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'Invalid email or password' });
    expect((await events(`user-${user.id}`)).map((e) => e.type)).toEqual(['UserCreated', 'UserLoggedIn']);
  });

  it('rejects invalid payloads with VALIDATION_FAILED and stores nothing', async () => {
    const head = await store.headPosition();
    await expect(send(IdentityCommands.createUser, { email: 'not-an-email', name: 'X', password: 'password1' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: { email: expect.any(Array) } },
    });
    await expect(send(IdentityCommands.createUser, { email: email(), name: 'X', password: 'password1', isAdmin: true })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(send(IdentityCommands.createUser, { commandId: 'nope', email: email(), name: 'X', password: 'password1' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(await store.headPosition()).toBe(head);
  });

  it('exposes optimistic concurrency: a stale expectedRevision is WRONG_EXPECTED_REVISION with the actual revision', async () => {
    const user = await send(IdentityCommands.createUser, { email: email(), name: 'Ada', password: 'password1' });
    await send(IdentityCommands.updateUser, { userId: user.id, name: 'Ada L.', expectedRevision: '0' });
    await expect(send(IdentityCommands.updateUser, { userId: user.id, name: 'Ada K.', expectedRevision: '0' })).rejects.toMatchObject({
      code: 'WRONG_EXPECTED_REVISION',
      details: { expected: '0', actual: '1' },
    });
  });

  it('changing the email cannot take a used one, and frees the old one', async () => {
    const [a, b] = [email(), email()];
    const ada = await send(IdentityCommands.createUser, { email: a, name: 'Ada', password: 'password1' });
    await send(IdentityCommands.createUser, { email: b, name: 'Bob', password: 'password1' });
    await expect(send(IdentityCommands.updateUser, { userId: ada.id, email: b.toUpperCase() })).rejects.toMatchObject({ code: 'USER_EMAIL_TAKEN' });
    const c = email();
    await send(IdentityCommands.updateUser, { userId: ada.id, email: c });
    await expect(send(IdentityCommands.createUser, { email: a, name: 'New', password: 'password1' })).resolves.toMatchObject({ revision: '0' });
    await expect(send(IdentityCommands.login, { email: c, password: 'password1' })).resolves.toMatchObject({ userId: ada.id });
  });

  it('stamps the caller\'s correlation id on the events', async () => {
    const user = await send(IdentityCommands.createUser, { email: email(), name: 'Ada', password: 'password1', correlationId: 'corr-e2e-1' });
    expect((await events(`user-${user.id}`))[0].correlationId).toBe('corr-e2e-1');
  });

  it('roles: unique names, idempotent assignment, no assignment to a deleted user, deletion unassigns everyone', async () => {
    const name = `role-${uuidv7()}`;
    const role = await send(IdentityCommands.createRole, { name, permissions: ['users:read'] });
    await expect(send(IdentityCommands.createRole, { name: name.toUpperCase(), permissions: [] })).rejects.toMatchObject({ code: 'ROLE_NAME_TAKEN' });
    const ada = await send(IdentityCommands.createUser, { email: email(), name: 'Ada', password: 'password1' });
    const bob = await send(IdentityCommands.createUser, { email: email(), name: 'Bob', password: 'password1' });
    const assigned = await send(IdentityCommands.assignRole, { roleId: role.id, userId: ada.id });
    const again = await send(IdentityCommands.assignRole, { roleId: role.id, userId: ada.id });
    expect(again).toMatchObject({ revision: assigned.revision, position: null });
    await send(IdentityCommands.deleteUser, { userId: bob.id });
    await expect(send(IdentityCommands.assignRole, { roleId: role.id, userId: bob.id })).rejects.toMatchObject({ code: 'USER_DELETED' });
    await send(IdentityCommands.deleteRole, { roleId: role.id });
    await expect(send(IdentityCommands.assignRole, { roleId: role.id, userId: ada.id })).rejects.toMatchObject({ code: 'ROLE_DELETED' });
    expect((await events(`role-${role.id}`)).map((e) => e.type)).toEqual([
      'RoleCreated',
      'RoleAssignedToUser',
      'RoleUnassignedFromUser',
      'RoleDeleted',
    ]);
    // The name is free again.
    await expect(send(IdentityCommands.createRole, { name, permissions: [] })).resolves.toMatchObject({ revision: '0' });
  });
});
