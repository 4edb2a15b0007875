import type { ServiceApp } from '@chronicle/messaging';
import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import { findFreePort } from '@chronicle/embedded-postgres';
import { PostgresSnapshotStore } from '@chronicle/event-sourcing';
import { createPostgresEventStore, type PostgresEventStore } from '@chronicle/event-store';
import { InventoryCommands, type InventoryCommandReply, type InventoryEvent } from '@chronicle/inventory-contracts';
import { evolveWarehouse, initialWarehouseState, type WarehouseState } from '@chronicle/inventory-domain';
import { callService, clientTransport, type ServiceEndpoint } from '@chronicle/messaging';
import { createTestDatabase } from '@chronicle/testing';
import { v7 as uuidv7 } from 'uuid';
import { createInventoryCommandApp } from './create-inventory-command-app';

const transports: string[] = ['tcp'];
if (process.env['NATS_URL']) transports.push('nats');
else console.warn('SKIPPED: inventory-command over NATS (set NATS_URL=nats://127.0.0.1:4222 to run it)');

describe.each(transports)('inventory-command over %s', (transport) => {
  let app: ServiceApp;
  let client: ClientProxy;
  let store: PostgresEventStore;
  let databaseUrl: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    const db = await createTestDatabase();
    databaseUrl = db.connectionString;
    const endpoint: ServiceEndpoint = {
      host: '127.0.0.1',
      port: await findFreePort(),
      natsUrl: transport === 'nats' ? process.env['NATS_URL'] : undefined,
      queue: 'inventory-command',
    };
    Object.assign(process.env, { DATABASE_URL: db.connectionString, INVENTORY_COMMAND_PORT: String(endpoint.port), INVENTORY_COMMAND_OPS_PORT: '0' });
    if (transport === 'tcp') delete process.env['NATS_URL'];
    app = await createInventoryCommandApp();
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

  const send = (pattern: string, payload: object) => callService<InventoryCommandReply>(client, pattern, { commandId: uuidv7(), ...payload }, 10_000);
  const sku = () => `SKU-${uuidv7().slice(-12)}`;
  const warehouseEvents = async () => {
    const out = [];
    for await (const e of store.readStream('warehouse-main')) out.push(e);
    return out;
  };

  it('adds an item to the warehouse stream and answers sku, revision and position; the same command again gets the same reply', async () => {
    const item = sku();
    const command = { commandId: uuidv7(), sku: item, name: 'Desk lamp', quantity: 3, correlationId: 'corr-add-1' };
    const reply = await send(InventoryCommands.addItem, command);
    expect(reply).toEqual({ sku: item, revision: expect.stringMatching(/^\d+$/), position: expect.stringMatching(/^\d+$/) });
    expect(await send(InventoryCommands.addItem, command)).toEqual(reply);
    const added = (await warehouseEvents()).filter((e) => e.type === 'ItemAdded' && (e.data as { sku: string }).sku === item);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ revision: BigInt(reply.revision!), data: { sku: item, name: 'Desk lamp', quantity: 3 }, correlationId: 'corr-add-1' });
  });

  it('restocks an item: the stream moves on by one event', async () => {
    const item = sku();
    const added = await send(InventoryCommands.addItem, { sku: item, name: 'Chair', quantity: 0 });
    const restocked = await send(InventoryCommands.restock, { sku: item, quantity: 5 });
    expect(BigInt(restocked.revision!)).toBe(BigInt(added.revision!) + 1n);
    expect(BigInt(restocked.position!)).toBeGreaterThan(BigInt(added.position!));
    const last = (await warehouseEvents()).at(-1);
    expect(last).toMatchObject({ type: 'ItemRestocked', data: { sku: item, quantity: 5 } });
  });

  it('rejects adding a SKU twice with ITEM_ALREADY_EXISTS and restocking an unknown SKU with ITEM_NOT_FOUND, writing nothing', async () => {
    const item = sku();
    await send(InventoryCommands.addItem, { sku: item, name: 'Table', quantity: 1 });
    const before = (await warehouseEvents()).length;
    await expect(send(InventoryCommands.addItem, { sku: item, name: 'Other table', quantity: 2 })).rejects.toMatchObject({
      code: 'ITEM_ALREADY_EXISTS',
      details: { sku: item },
    });
    await expect(send(InventoryCommands.restock, { sku: 'NO-SUCH-SKU', quantity: 2 })).rejects.toMatchObject({ code: 'ITEM_NOT_FOUND' });
    expect(await warehouseEvents()).toHaveLength(before);
  });

  it('rejects invalid payloads with VALIDATION_FAILED and the fields at fault', async () => {
    const error = await send(InventoryCommands.addItem, { sku: '-bad sku', name: '', quantity: -1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(Object.keys((error as { details: { fields: object } }).details.fields).sort()).toEqual(['name', 'quantity', 'sku']);
    await expect(send(InventoryCommands.restock, { sku: sku(), quantity: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(send(InventoryCommands.restock, { commandId: 'not-a-uuid', sku: sku(), quantity: 1 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(send(InventoryCommands.addItem, { sku: sku(), name: 'X', quantity: 1, extra: true })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('two replicas restocking one SKU concurrently: every command lands exactly once', async () => {
    const item = sku();
    await send(InventoryCommands.addItem, { sku: item, name: 'Hot', quantity: 0 });
    const port = await findFreePort();
    const replica = await (async () => {
      const own = process.env['INVENTORY_COMMAND_PORT'];
      process.env['INVENTORY_COMMAND_PORT'] = String(port);
      try {
        return await createInventoryCommandApp();
      } finally {
        process.env['INVENTORY_COMMAND_PORT'] = own;
      }
    })();
    await replica.listen();
    // Over NATS both replicas share the queue group, which spreads the requests between them.
    const other = ClientProxyFactory.create(
      clientTransport({ host: '127.0.0.1', port, natsUrl: transport === 'nats' ? process.env['NATS_URL'] : undefined, queue: 'inventory-command' }),
    );
    try {
      const restock = (via: ClientProxy) =>
        callService<InventoryCommandReply>(via, InventoryCommands.restock, { commandId: uuidv7(), sku: item, quantity: 1 }, 10_000);
      const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => restock(i % 2 ? client : other)));
      expect(new Set(replies.map((r) => r.revision)).size).toBe(20);
    } finally {
      await other.close();
      await replica.close();
    }
    const restocks = (await warehouseEvents()).filter((e) => e.type === 'ItemRestocked' && (e.data as { sku: string }).sku === item);
    expect(restocks).toHaveLength(20);
  });

  it('snapshots the hot warehouse stream every 100 events: the snapshot is the state a full replay gives', async () => {
    const item = sku();
    await send(InventoryCommands.addItem, { sku: item, name: 'Many', quantity: 0 });
    for (let round = 0; round < 10; round++) {
      await Promise.all(Array.from({ length: 10 }, () => send(InventoryCommands.restock, { sku: item, quantity: 1 })));
    }
    const snapshots = await PostgresSnapshotStore.create({ connectionString: databaseUrl });
    const snapshot = await snapshots.load('warehouse-main').finally(() => snapshots.close());
    expect(snapshot).toMatchObject({ version: 2 });
    expect((snapshot!.revision + 1n) % 100n).toBe(0n);
    let replayed: WarehouseState = initialWarehouseState();
    for (const event of await warehouseEvents()) {
      if (event.revision > snapshot!.revision) break;
      replayed = evolveWarehouse(replayed, { type: event.type, data: event.data } as InventoryEvent);
    }
    expect(snapshot!.state).toEqual(replayed);
    const next = await send(InventoryCommands.restock, { sku: item, quantity: 1 });
    expect(BigInt(next.revision!)).toBe(BigInt((await warehouseEvents()).length - 1));
  });
});
