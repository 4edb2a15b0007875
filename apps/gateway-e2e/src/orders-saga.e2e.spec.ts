import { holdWriteTransactionInAnotherDatabase } from '@chronicle/testing';
import { GatewayClient } from './support/http-client';
import {
  addItem,
  createCustomer,
  getItem,
  itemWhen,
  placeOrder,
  sagaOf,
  sagaWhen,
  settledOrder,
  sleep,
  uniqueSku,
  type Customer,
  type Item,
  type Order,
} from './support/order-fixtures';
import { startSystem, type RunningSystem } from './support/start-system';

jest.setTimeout(90_000);

describe('gateway: inventory, orders and the order saga', () => {
  let system: RunningSystem;
  let api: GatewayClient;
  let admin: string;
  let alice: Customer;
  let bob: Customer;

  beforeAll(async () => {
    system = await startSystem();
    api = new GatewayClient(system.url);
    admin = await api.login(system.admin.email, system.admin.password);
    [alice, bob] = await Promise.all([createCustomer(api, admin), createCustomer(api, admin)]);
  });
  afterAll(async () => {
    await system?.stop();
  });

  describe('inventory', () => {
    it('admins add and restock items (201 + Location, 200); anyone signed in reads them; errors are typed', async () => {
      const sku = uniqueSku('mug');
      const added = await api.request<{ sku: string; position: string }>('POST', '/inventory/items', { token: admin, body: { sku, name: 'Mug', quantity: 3 } });
      expect(added.status).toBe(201);
      expect(added.headers.get('location')).toBe(`/inventory/items/${sku}`);
      expect(added.headers.get('x-position')).toBe(added.body.position);

      const read = await api.request<Item>('GET', `/inventory/items/${sku}`, { token: alice.token, headers: { 'x-min-position': added.body.position } });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ sku, name: 'Mug', available: 3, reserved: 0, revision: '0' });
      expect(read.headers.get('etag')).toBe('"0"');

      const restocked = await api.request<{ position: string }>('POST', `/inventory/items/${sku}/restock`, { token: admin, body: { quantity: 2 } });
      expect(restocked.status).toBe(200);
      expect(await getItem(api, alice.token, sku, restocked.body.position)).toMatchObject({ available: 5, reserved: 0, revision: '1' });

      const again = await api.request('POST', '/inventory/items', { token: admin, body: { sku, name: 'Mug', quantity: 1 } });
      expect(again).toMatchObject({ status: 409, body: { code: 'ITEM_ALREADY_EXISTS' } });
      expect(again.headers.get('content-type')).toContain('application/problem+json');
      expect(await api.request('GET', `/inventory/items/${uniqueSku('none')}`, { token: alice.token })).toMatchObject({ status: 404, body: { code: 'ITEM_NOT_FOUND' } });
      expect(await api.request('POST', `/inventory/items/${uniqueSku('none')}/restock`, { token: admin, body: { quantity: 1 } })).toMatchObject({
        status: 404,
        body: { code: 'ITEM_NOT_FOUND' },
      });
      expect(await api.request('POST', '/inventory/items', { token: admin, body: { sku: 'bad sku!', name: '', quantity: -1 } })).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED' },
      });
      expect((await api.request('POST', '/inventory/items', { token: alice.token, body: { sku: uniqueSku(), name: 'x', quantity: 1 } })).status).toBe(403);
      expect((await api.request('GET', `/inventory/items/${sku}`)).status).toBe(401);

      const page = await api.request<{ items: Item[]; nextCursor: string | null }>('GET', '/inventory/items?limit=100', { token: alice.token });
      expect(page.status).toBe(200);
      expect(page.body.items.map((item) => item.sku)).toContain(sku);
    });
  });

  describe('orders', () => {
    it('the last unit goes to exactly one of 50 concurrent orders; the other 49 are rejected', async () => {
      const sku = uniqueSku('last');
      await addItem(api, admin, sku, 1);
      const customers = [alice, bob, ...(await Promise.all([1, 2, 3].map(() => createCustomer(api, admin))))];
      const placed = await Promise.all(Array.from({ length: 50 }, (_, i) => placeOrder(api, customers[i % customers.length].token, [{ sku, quantity: 1 }])));
      expect(placed.map((p) => p.status)).toEqual(Array(50).fill(202));
      expect(new Set(placed.map((p) => p.body.orderId)).size).toBe(50);

      // While the orders settle, the item is sampled: stock never goes below zero, nor is more than the one unit reserved.
      const samples: Item[] = [];
      let settling = true;
      const sampler = (async () => {
        while (settling) samples.push(await getItem(api, admin, sku));
      })();
      const orders = await Promise.all(placed.map((p, i) => settledOrder(api, customers[i % customers.length].token, p.body.orderId, undefined, 60_000)));
      settling = false;
      await sampler;
      expect(samples.length).toBeGreaterThan(0);
      expect(samples.every((item) => item.available >= 0 && item.reserved <= 1 && item.available + item.reserved === 1)).toBe(true);
      const confirmed = orders.filter((o) => o.status === 'CONFIRMED');
      const rejected = orders.filter((o) => o.status === 'REJECTED');
      expect(confirmed).toHaveLength(1);
      expect(rejected).toHaveLength(49);
      for (const order of rejected) expect(order.reason).toContain('STOCK_INSUFFICIENT');
      expect(await getItem(api, admin, sku)).toMatchObject({ available: 0, reserved: 1 });
    });

    it('POST /orders answers 202 with the order id, position and correlation id; the customer reads it back CONFIRMED', async () => {
      const sku = uniqueSku('lamp');
      await addItem(api, admin, sku, 10);
      const placed = await placeOrder(api, alice.token, [{ sku, quantity: 2 }], { 'x-correlation-id': `e2e-${sku}` });
      expect(placed.status).toBe(202);
      expect(placed.body).toMatchObject({ orderId: expect.any(String), position: expect.stringMatching(/^\d+$/), correlationId: `e2e-${sku}` });
      expect(placed.headers.get('location')).toBe(`/orders/${placed.body.orderId}`);

      const pendingOrLater = await api.request<Order>('GET', `/orders/${placed.body.orderId}`, { token: alice.token, headers: { 'x-min-position': placed.body.position } });
      expect(pendingOrLater.status).toBe(200);
      expect(pendingOrLater.body).toMatchObject({ id: placed.body.orderId, customerId: alice.id, lines: [{ sku, quantity: 2 }] });
      expect(await settledOrder(api, alice.token, placed.body.orderId)).toMatchObject({ status: 'CONFIRMED' });
      expect(await itemWhen(api, admin, sku, (item) => item.reserved === 2)).toMatchObject({ available: 8, reserved: 2 });
    });

    it('with a transaction open in another database, an order is CONFIRMED and read back with X-Min-Position within 1 s', async () => {
      const sku = uniqueSku('horizon');
      await addItem(api, admin, sku, 1);
      const open = await holdWriteTransactionInAnotherDatabase();
      try {
        const started = Date.now();
        const placed = await placeOrder(api, alice.token, [{ sku, quantity: 1 }]);
        expect(placed.status).toBe(202);
        let order: Order | undefined;
        while (!order && Date.now() - started < 1_000) {
          const read = await api.request<Order>('GET', `/orders/${placed.body.orderId}`, { token: alice.token, headers: { 'x-min-position': placed.body.position } });
          if (read.status === 200 && read.body.status === 'CONFIRMED') order = read.body;
          else await sleep(10);
        }
        expect(order?.status).toBe('CONFIRMED');
        expect(Date.now() - started).toBeLessThan(1_000);
      } finally {
        await open.release();
      }
    });

    it('customers see only their own orders (another’s is a 404); admins see everyone’s', async () => {
      const sku = uniqueSku('own');
      await addItem(api, admin, sku, 5);
      const placed = await placeOrder(api, bob.token, [{ sku, quantity: 1 }]);
      await settledOrder(api, bob.token, placed.body.orderId);
      expect(await api.request('GET', `/orders/${placed.body.orderId}`, { token: alice.token })).toMatchObject({ status: 404, body: { code: 'ORDER_NOT_FOUND' } });
      expect((await api.request('GET', `/orders/${placed.body.orderId}`, { token: admin })).status).toBe(200);
      expect((await api.request('GET', '/orders/not-a-uuid', { token: admin })).status).toBe(404);

      const bobs = await api.request<{ items: Order[] }>('GET', '/orders?status=CONFIRMED&limit=100', { token: bob.token });
      expect(bobs.status).toBe(200);
      expect(bobs.body.items.map((o) => o.id)).toContain(placed.body.orderId);
      expect(bobs.body.items.every((o) => o.customerId === bob.id && o.status === 'CONFIRMED')).toBe(true);
      const alices = await api.request<{ items: Order[] }>('GET', '/orders?limit=100', { token: alice.token });
      expect(alices.body.items.map((o) => o.id)).not.toContain(placed.body.orderId);
      const all = await api.request<{ items: Order[] }>('GET', '/orders?limit=100', { token: admin });
      expect(all.body.items.map((o) => o.id)).toContain(placed.body.orderId);
      expect(await api.request('GET', '/orders?status=LOST', { token: admin })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
      expect(await placeOrder(api, alice.token, [])).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
      expect((await api.request('POST', `/orders/${placed.body.orderId}/cancel`, { token: alice.token })).status).toBe(404);
    });

    it('cancelling a confirmed order releases its stock; cancelling again is a no-op', async () => {
      const sku = uniqueSku('cancel');
      await addItem(api, admin, sku, 4);
      const placed = await placeOrder(api, alice.token, [{ sku, quantity: 3 }]);
      await settledOrder(api, alice.token, placed.body.orderId);
      expect(await itemWhen(api, admin, sku, (item) => item.reserved === 3)).toMatchObject({ available: 1, reserved: 3 });

      const cancelled = await api.request<{ position: string | null }>('POST', `/orders/${placed.body.orderId}/cancel`, { token: alice.token });
      expect(cancelled.status).toBe(202);
      expect(await settledOrder(api, alice.token, placed.body.orderId, (o) => o.status === 'CANCELLED')).toMatchObject({ status: 'CANCELLED' });
      const restored = await itemWhen(api, admin, sku, (item) => item.reserved === 0);
      expect(restored).toMatchObject({ available: 4, reserved: 0 });

      // The cancel is its own request: its events (OrderCancelled, then StockReleased) carry its correlation id.
      const cancelCorrelation = cancelled.headers.get('x-correlation-id')!;
      const saga = await sagaWhen(api, admin, cancelCorrelation, (types) => types.includes('StockReleased'));
      expect(saga.map((e) => e.type)).toEqual(['OrderCancelled', 'StockReleased']);

      const again = await api.request<{ position: string | null }>('POST', `/orders/${placed.body.orderId}/cancel`, { token: alice.token });
      expect(again.status).toBe(202);
      expect(again.body.position).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await getItem(api, admin, sku)).toMatchObject({ available: 4, reserved: 0, revision: restored.revision });
      expect(await sagaOf(api, admin, again.headers.get('x-correlation-id')!).catch((error: Error) => error.message)).toMatch(/404/);
    });

    it('an admin may cancel anyone’s order', async () => {
      const sku = uniqueSku('admin-cancel');
      await addItem(api, admin, sku, 2);
      const placed = await placeOrder(api, bob.token, [{ sku, quantity: 1 }]);
      await settledOrder(api, bob.token, placed.body.orderId);
      const cancelled = await api.request('POST', `/orders/${placed.body.orderId}/cancel`, { token: admin });
      expect(cancelled.status).toBe(202);
      const saga = await sagaWhen(api, admin, cancelled.headers.get('x-correlation-id')!, (types) => types.includes('OrderCancelled'));
      expect(saga.find((e) => e.type === 'OrderCancelled')?.data).toMatchObject({ by: 'admin' });
    });

    it('Idempotency-Key: the same key twice places one order and answers the same body', async () => {
      const sku = uniqueSku('idem');
      await addItem(api, admin, sku, 5);
      const headers = { 'idempotency-key': `order-${sku}` };
      const first = await placeOrder(api, alice.token, [{ sku, quantity: 1 }], headers);
      const second = await placeOrder(api, alice.token, [{ sku, quantity: 1 }], headers);
      expect(first.status).toBe(202);
      expect(second.status).toBe(202);
      expect(second.body).toEqual(first.body);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      await settledOrder(api, alice.token, first.body.orderId);
      expect(await itemWhen(api, admin, sku, (item) => item.reserved > 0)).toMatchObject({ available: 4, reserved: 1 });
      expect((await placeOrder(api, alice.token, [{ sku, quantity: 2 }], headers)).status).toBe(422);
    });
  });

  describe('saga timeline', () => {
    it('GET /sagas/{correlationId}: OrderPlaced, StockReserved, OrderConfirmed in position order, each caused by the one before', async () => {
      const sku = uniqueSku('saga');
      await addItem(api, admin, sku, 1);
      const placed = await placeOrder(api, alice.token, [{ sku, quantity: 1 }]);
      const events = await sagaWhen(api, admin, placed.body.correlationId, (types) => types.includes('OrderConfirmed'));
      expect(events.map((e) => e.type)).toEqual(['OrderPlaced', 'StockReserved', 'OrderConfirmed']);
      const positions = events.map((e) => BigInt(e.position));
      expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
      expect(events[0]).toMatchObject({ streamId: `order-${placed.body.orderId}`, data: { orderId: placed.body.orderId, customerId: alice.id } });
      expect(events[1].streamId).toMatch(/^warehouse-/);
      expect(events[1].causationId).toBe(events[0].eventId);
      expect(events[2].causationId).toBe(events[1].eventId);

      expect((await api.request('GET', `/sagas/${placed.body.correlationId}`, { token: alice.token })).status).toBe(403);
      expect(await api.request('GET', '/sagas/no-such-correlation', { token: admin })).toMatchObject({ status: 404, body: { code: 'SAGA_NOT_FOUND' } });
    });
  });

  describe('GraphQL', () => {
    it('addItem, restockItem, placeOrder, order, orders, item, sagaTimeline; errors carry extensions.code', async () => {
      const sku = uniqueSku('gql');
      const added = await api.graphql<{ addItem: { sku: string; position: string } }>(
        'mutation($input: AddItemInput!) { addItem(input: $input) { sku position } }',
        { input: { sku, name: 'Graph', quantity: 2 } },
        admin,
      );
      expect(added.body.errors).toBeUndefined();
      const restocked = await api.graphql<{ restockItem: { position: string } }>('mutation($sku: String!) { restockItem(sku: $sku, quantity: 3) { position } }', { sku }, admin);
      const item = await api.graphql<{ item: Item }>(
        'query($sku: String!, $p: String) { item(sku: $sku, minPosition: $p) { sku available reserved revision } }',
        { sku, p: restocked.body.data?.restockItem.position },
        alice.token,
      );
      expect(item.body.data?.item).toEqual({ sku, available: 5, reserved: 0, revision: '1' });
      const items = await api.graphql<{ items: { items: Array<{ sku: string }>; nextCursor: string | null } }>('{ items(first: 100) { items { sku } nextCursor } }', {}, alice.token);
      expect(items.body.data?.items.items.map((i) => i.sku)).toContain(sku);

      const placed = await api.graphql<{ placeOrder: { orderId: string; position: string; correlationId: string } }>(
        'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { orderId position correlationId } }',
        { input: { lines: [{ sku, quantity: 2 }] } },
        alice.token,
      );
      expect(placed.body.errors).toBeUndefined();
      const { orderId, position, correlationId } = placed.body.data!.placeOrder;
      const read = await api.graphql<{ order: Order }>(
        'query($id: ID!, $p: String) { order(id: $id, minPosition: $p) { id customerId lines { sku quantity } } }',
        { id: orderId, p: position },
        alice.token,
      );
      expect(read.body.data?.order).toEqual({ id: orderId, customerId: alice.id, lines: [{ sku, quantity: 2 }] });
      await settledOrder(api, alice.token, orderId);
      const mine = await api.graphql<{ orders: { items: Array<{ id: string; status: string }> } }>('{ orders(status: "CONFIRMED", first: 100) { items { id status } } }', {}, alice.token);
      expect(mine.body.data?.orders.items).toContainEqual({ id: orderId, status: 'CONFIRMED' });

      const timeline = await api.graphql<{ sagaTimeline: { events: Array<{ type: string; data: { orderId?: string } }> } }>(
        'query($c: String!) { sagaTimeline(correlationId: $c) { correlationId events { type position data } } }',
        { c: correlationId },
        admin,
      );
      expect(timeline.body.data?.sagaTimeline.events.map((e) => e.type)).toEqual(['OrderPlaced', 'StockReserved', 'OrderConfirmed']);
      expect(timeline.body.data?.sagaTimeline.events[0].data.orderId).toBe(orderId);

      const notMine = await api.graphql('query($id: ID!) { order(id: $id) { id } }', { id: orderId }, bob.token);
      expect(notMine.body.errors?.[0].extensions?.code).toBe('ORDER_NOT_FOUND');
      const forbidden = await api.graphql('mutation { addItem(input: { sku: "x1", name: "x", quantity: 1 }) { sku } }', {}, alice.token);
      expect(forbidden.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const missing = await api.graphql('query($sku: String!) { item(sku: $sku) { sku } }', { sku: uniqueSku('none') }, alice.token);
      expect(missing.body.errors?.[0].extensions?.code).toBe('ITEM_NOT_FOUND');
      const cancelled = await api.graphql<{ cancelOrder: { orderId: string } }>('mutation($id: ID!) { cancelOrder(id: $id) { orderId position } }', { id: orderId }, alice.token);
      expect(cancelled.body.data?.cancelOrder.orderId).toBe(orderId);
    });
  });
});
