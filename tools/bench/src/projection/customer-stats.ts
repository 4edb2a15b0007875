import type { RecordedEvent } from '@chronicle/event-store';
import { EntitySchema } from 'typeorm';

/** The read model both contenders build: per customer, counts and amounts of its order events. */
export interface CustomerStats {
  customerId: string;
  orders: number;
  items: number;
  amountCents: string;
  shipped: number;
  lastPosition: string;
}

// EntitySchema, not decorators: tsx (esbuild) does not emit decorator metadata.
export const CustomerStatsEntity = new EntitySchema<CustomerStats>({
  name: 'CustomerStats',
  tableName: 'customer_stats',
  columns: {
    customerId: { name: 'customer_id', type: 'text', primary: true },
    orders: { type: 'int' },
    items: { type: 'int' },
    amountCents: { name: 'amount_cents', type: 'bigint' },
    shipped: { type: 'int' },
    lastPosition: { name: 'last_position', type: 'bigint' },
  },
});

export const CUSTOMER_STATS_DDL = `CREATE TABLE IF NOT EXISTS customer_stats (
  customer_id text PRIMARY KEY, orders int NOT NULL, items int NOT NULL, amount_cents bigint NOT NULL,
  shipped int NOT NULL, last_position bigint NOT NULL)`;

export const HANDLED_TYPES = ['OrderPlaced', 'ItemAdded', 'PaymentCaptured', 'OrderShipped'] as const;

export function emptyStats(customerId: string): CustomerStats {
  return { customerId, orders: 0, items: 0, amountCents: '0', shipped: 0, lastPosition: '0' };
}

export function customerOf(event: RecordedEvent): string {
  return String((event.data as { customerId?: unknown }).customerId);
}

/** The projection logic, shared by both contenders: evolve one customer's row by one event. */
export function evolveStats(stats: CustomerStats, event: RecordedEvent): CustomerStats {
  const data = event.data as { quantity?: number; amount?: number };
  const next = { ...stats, lastPosition: event.position.toString() };
  if (event.type === 'OrderPlaced') next.orders++;
  else if (event.type === 'ItemAdded') next.items += data.quantity ?? 0;
  else if (event.type === 'PaymentCaptured') next.amountCents = String(BigInt(next.amountCents) + BigInt(Math.round((data.amount ?? 0) * 100)));
  else if (event.type === 'OrderShipped') next.shipped++;
  return next;
}

/** A fingerprint of a read model, to check both contenders built the same one. */
export const STATS_FINGERPRINT_SQL = `SELECT count(*)::text AS rows, coalesce(sum(orders), 0)::text AS orders, coalesce(sum(items), 0)::text AS items,
  coalesce(sum(amount_cents), 0)::text AS amount, coalesce(sum(shipped), 0)::text AS shipped, coalesce(max(last_position), 0)::text AS last
  FROM customer_stats`;
