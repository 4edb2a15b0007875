import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createPostgresEventStore } from '@chronicle/event-store';
import { Api, eventually } from './api';

export interface Order {
  id: string;
  status: string;
  reason?: string;
}

export interface Seeded {
  admin: Api;
  confirmed: { orderId: string; correlationId: string };
  rejected: { orderId: string; correlationId: string };
  /** An OrderPlaced the orders read model could not apply (a stray row held its id), parked in `orders`. */
  parked: { orderId: string; fix(): Promise<void> };
  /** A malformed OrderPlaced, parked by inventory_reactions for good: only skipping it helps. */
  poison: { orderId: string };
}

async function placeOrder(customer: Api, lines: Array<{ sku: string; quantity: number }>): Promise<{ orderId: string; correlationId: string }> {
  return customer.post<{ orderId: string; correlationId: string }>('/orders', { lines });
}

function settled(admin: Api, orderId: string): Promise<Order> {
  return eventually(`order ${orderId} to settle`, async () => {
    const order = await admin.get<Order>(`/orders/${orderId}`);
    return order.status === 'PENDING' ? undefined : order;
  });
}

async function withDatabase<T>(connectionString: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The live `orders` read-model table (the runtime keeps each version in a schema of its own). */
async function ordersTable(client: Client): Promise<string> {
  const { rows } = await client.query<{ schema: string }>(
    `SELECT table_schema AS schema FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'placed_position' ORDER BY table_schema DESC LIMIT 1`,
  );
  if (!rows[0]) throw new Error('no orders read model yet');
  return `"${rows[0].schema}".orders`;
}

/**
 * What an operator meets on a normal day: customers, stock, a confirmed and a rejected order,
 * and two dead letters (one fixable, one poison), all made through the running system.
 */
export async function seed(url: string, connectionString: string, credentials: { email: string; password: string }): Promise<Seeded> {
  const admin = new Api(url);
  await admin.login(credentials.email, credentials.password);
  const email = `ada-${randomUUID().slice(0, 8)}@console.test`;
  await admin.post('/users', { email, name: 'Ada Lovelace', password: 'customer-password' });
  const customer = new Api(url);
  await eventually('the customer to log in', () => customer.login(email, 'customer-password'));
  await admin.post('/inventory/items', { sku: 'lamp', name: 'Desk lamp', quantity: 20 });
  await admin.post('/inventory/items', { sku: 'desk', name: 'Oak desk', quantity: 1 });
  await eventually('the items to be readable', () => admin.get('/inventory/items/desk'));

  const confirmed = await placeOrder(customer, [{ sku: 'lamp', quantity: 2 }]);
  const rejected = await placeOrder(customer, [{ sku: 'lamp', quantity: 1 }, { sku: 'desk', quantity: 3 }]);
  for (let i = 0; i < 3; i++) await placeOrder(customer, [{ sku: 'lamp', quantity: 1 }]);
  await settled(admin, confirmed.orderId);
  await settled(admin, rejected.orderId);

  const parkedId = randomUUID();
  const poisonId = randomUUID();
  const table = await withDatabase(connectionString, async (client) => {
    const table = await ordersTable(client);
    await client.query(
      `INSERT INTO ${table} (id, customer_id, status, lines, revision, placed_position, placed_at, updated_at) VALUES ($1, $2, 'PENDING', '[]', 0, 1, now(), now())`,
      [parkedId, randomUUID()],
    );
    return table;
  });
  const store = await createPostgresEventStore({ connectionString });
  try {
    await store.appendToStream(`order-${parkedId}`, [
      { type: 'OrderPlaced', data: { orderId: parkedId, customerId: randomUUID(), lines: [{ sku: 'lamp', quantity: 1 }] }, metadata: { correlationId: `console-e2e-${parkedId}` } },
    ]);
    await store.appendToStream(`order-${poisonId}`, [
      { type: 'OrderPlaced', data: { orderId: poisonId, customerId: 'not-a-customer', lines: [] }, metadata: { correlationId: `poison-${poisonId}` } },
    ]);
  } finally {
    await store.close();
  }
  const fix = () => withDatabase(connectionString, (client) => client.query(`DELETE FROM ${table} WHERE id = $1`, [parkedId]).then(() => undefined));
  return { admin, confirmed, rejected, parked: { orderId: parkedId, fix }, poison: { orderId: poisonId } };
}
