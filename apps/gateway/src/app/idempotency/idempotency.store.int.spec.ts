import { createPostgresPool } from '@chronicle/postgres';
import { useTestDatabase } from '@chronicle/testing';
import { Client, type Pool } from 'pg';
import { gatewayConfigFrom } from '../gateway.config';
import { IdempotencyStore, type RequestFingerprint } from './idempotency.store';

describe('IdempotencyStore (PostgreSQL)', () => {
  const db = useTestDatabase();
  let store: IdempotencyStore;
  let pool: Pool;
  let replicaPool: Pool;
  const request: RequestFingerprint = { method: 'POST', path: '/users', bodyHash: 'h1' };

  beforeAll(async () => {
    const config = gatewayConfigFrom({ DATABASE_URL: db.connectionString });
    pool = createPostgresPool({ connectionString: db.connectionString, max: 5 });
    store = new IdempotencyStore(config, pool);
    await store.onModuleInit();
    // A second replica (its own process, its own pool) migrating at the same time changes nothing.
    replicaPool = createPostgresPool({ connectionString: db.connectionString, max: 2 });
    const replica = new IdempotencyStore(config, replicaPool);
    await Promise.all([replica.onModuleInit(), store.onModuleInit()]);
  });
  afterAll(async () => {
    await pool?.end();
    await replicaPool?.end();
  });

  it('lets exactly one of 20 concurrent claims of a key execute; the others wait for it', async () => {
    const claims = await Promise.all(Array.from({ length: 20 }, () => store.claim('admin', 'k-race', request)));
    expect(claims.filter((c) => c.outcome === 'execute')).toHaveLength(1);
    expect(claims.filter((c) => c.outcome === 'in_progress')).toHaveLength(19);
  });

  it('replays the stored response for the same request, and refuses another request with the key', async () => {
    expect(await store.claim('admin', 'k1', request)).toEqual({ outcome: 'execute' });
    const response = { status: 201, headers: { location: '/users/1' }, body: { id: '1', revision: '0', position: '7' } };
    await store.complete('admin', 'k1', response);
    expect(await store.claim('admin', 'k1', request)).toEqual({ outcome: 'replay', response });
    expect(await store.claim('admin', 'k1', { ...request, bodyHash: 'h2' })).toEqual({ outcome: 'mismatch' });
    expect(await store.claim('admin', 'k1', { ...request, method: 'PATCH' })).toEqual({ outcome: 'mismatch' });
  });

  it('keeps callers apart, forgets a failed attempt, and expires old keys', async () => {
    expect(await store.claim('alice', 'shared', request)).toEqual({ outcome: 'execute' });
    expect(await store.claim('bob', 'shared', request)).toEqual({ outcome: 'execute' });
    await store.release('alice', 'shared');
    expect(await store.claim('alice', 'shared', request)).toEqual({ outcome: 'execute' });

    await store.complete('bob', 'shared', { status: 204, headers: {}, body: null });
    const client = new Client({ connectionString: db.connectionString });
    client.on('error', () => undefined);
    await client.connect();
    await client.query(`UPDATE gateway.idempotency_keys SET created_at = now() - interval '25 hours' WHERE scope = 'bob'`);
    await client.end();
    expect(await store.claim('bob', 'shared', request)).toEqual({ outcome: 'execute' });
  });

  it('survives a restart: a new store instance replays what the old one stored', async () => {
    await store.claim('admin', 'k-restart', request);
    await store.complete('admin', 'k-restart', { status: 200, headers: { etag: '"3"' }, body: { ok: true } });
    const restarted = new IdempotencyStore(gatewayConfigFrom({ DATABASE_URL: db.connectionString }), replicaPool);
    expect(await restarted.claim('admin', 'k-restart', request)).toMatchObject({ outcome: 'replay', response: { status: 200, body: { ok: true } } });
  });
});
