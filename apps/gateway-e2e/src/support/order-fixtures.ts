import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { ApiResponse, GatewayClient } from './http-client';
import { claimsOf, uniqueEmail } from './fixtures';

export interface Customer {
  id: string;
  token: string;
}

export interface PlacedOrder {
  orderId: string;
  position: string;
  correlationId: string;
}

export interface Order {
  id: string;
  customerId: string;
  status: 'PENDING' | 'CONFIRMED' | 'REJECTED' | 'CANCELLED' | 'EXPIRED';
  lines: Array<{ sku: string; quantity: number }>;
  reason?: string;
  revision: string;
}

export interface Item {
  sku: string;
  name: string;
  available: number;
  reserved: number;
  revision: string;
}

export interface SagaEvent {
  eventId: string;
  position: string;
  streamId: string;
  revision: string;
  type: string;
  recordedAt: string;
  causationId: string | null;
  data: Record<string, unknown>;
}

export const uniqueSku = (prefix = 'sku'): string => `${prefix}-${randomUUID().slice(0, 8)}`;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns something, or fails with what it saw last. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(150);
  }
}

/** A new (non-admin) user, logged in. */
export async function createCustomer(api: GatewayClient, adminToken: string): Promise<Customer> {
  const email = uniqueEmail('customer');
  const created = await api.request('POST', '/users', { token: adminToken, body: { email, name: 'Customer', password: 'customer-password' } });
  if (created.status !== 201) throw new Error(`creating a customer failed: ${created.status} ${created.text}`);
  const token = await api.login(email, 'customer-password');
  return { id: String(claimsOf(token)['sub']), token };
}

/** Adds an item and waits until the query side shows it. */
export async function addItem(api: GatewayClient, adminToken: string, sku: string, quantity: number): Promise<Item> {
  const added = await api.request<{ position: string }>('POST', '/inventory/items', { token: adminToken, body: { sku, name: `Item ${sku}`, quantity } });
  if (added.status !== 201) throw new Error(`adding ${sku} failed: ${added.status} ${added.text}`);
  return getItem(api, adminToken, sku, added.body.position);
}

export async function getItem(api: GatewayClient, token: string, sku: string, minPosition?: string): Promise<Item> {
  const headers: Record<string, string> = minPosition ? { 'x-min-position': minPosition } : {};
  const item = await api.request<Item>('GET', `/inventory/items/${sku}`, { token, headers });
  if (item.status !== 200) throw new Error(`reading ${sku} failed: ${item.status} ${item.text}`);
  return item.body;
}

export function placeOrder(api: GatewayClient, token: string, lines: Array<{ sku: string; quantity: number }>, headers: Record<string, string> = {}): Promise<ApiResponse<PlacedOrder>> {
  return api.request<PlacedOrder>('POST', '/orders', { token, body: { lines }, headers });
}

/** Waits until the order is readable and satisfies `done` (by default: no longer PENDING). */
export function settledOrder(api: GatewayClient, token: string, orderId: string, done: (order: Order) => boolean = (o) => o.status !== 'PENDING', timeoutMs = 20_000): Promise<Order> {
  return eventually(
    async () => {
      const order = await api.request<Order>('GET', `/orders/${orderId}`, { token });
      return order.status === 200 && done(order.body) ? order.body : undefined;
    },
    `order ${orderId} to settle`,
    timeoutMs,
  );
}

/** Waits until the item's view satisfies `done`. */
export function itemWhen(api: GatewayClient, token: string, sku: string, done: (item: Item) => boolean, timeoutMs = 20_000): Promise<Item> {
  return eventually(async () => {
    const item = await getItem(api, token, sku);
    return done(item) ? item : undefined;
  }, `item ${sku}`, timeoutMs);
}

export async function sagaOf(api: GatewayClient, adminToken: string, correlationId: string): Promise<SagaEvent[]> {
  const saga = await api.request<{ events: SagaEvent[] }>('GET', `/sagas/${correlationId}`, { token: adminToken });
  if (saga.status !== 200) throw new Error(`reading saga ${correlationId} failed: ${saga.status} ${saga.text}`);
  return saga.body.events;
}

/** Waits until the saga's event types satisfy `done`. */
export function sagaWhen(api: GatewayClient, adminToken: string, correlationId: string, done: (types: string[]) => boolean, timeoutMs = 20_000): Promise<SagaEvent[]> {
  return eventually(async () => {
    const events = await sagaOf(api, adminToken, correlationId);
    return done(events.map((e) => e.type)) ? events : undefined;
  }, `saga ${correlationId}`, timeoutMs);
}

/** Runs SQL against the system's database (checkpoints, dead letters). */
export async function withDatabase<T>(connectionString: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
