import { Injectable } from '@nestjs/common';
import type { OrderLine, OrderPage, OrderStatus, OrderView } from '@chronicle/ordering-contracts';
import { InvalidCursorError, keysetPaging, Projections } from '@chronicle/projections';
import type { EntityManager } from 'typeorm';
import { ORDERS_PROJECTION } from './orders.projection';

interface OrderRow {
  id: string;
  customer_id: string;
  status: OrderStatus;
  lines: OrderLine[];
  reason: string | null;
  revision: string;
  placed_position: string;
  placed_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, customer_id, status, lines, reason, revision::text AS revision, placed_position::text AS placed_position, placed_at, updated_at`;

const toView = (row: OrderRow): OrderView => ({
  id: row.id,
  customerId: row.customer_id,
  status: row.status,
  lines: row.lines,
  ...(row.reason === null ? {} : { reason: row.reason }),
  revision: row.revision,
  placedAt: row.placed_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const POSITION = /^(0|[1-9][0-9]{0,18})$/;

export interface OrderFilter {
  limit: number;
  cursor?: string;
  status?: OrderStatus;
  customerId?: string;
}

/** Reads of the orders read model, each in one consistent snapshot of its active version. */
@Injectable()
export class OrdersReadModel {
  constructor(private readonly projections: Projections) {}

  private read<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.projections.withReadModel(ORDERS_PROJECTION, fn);
  }

  /** The order, when it exists and (with `customerId`) belongs to that customer. */
  getOrder(id: string, customerId?: string): Promise<OrderView | undefined> {
    return this.read(async (m) => {
      const rows: OrderRow[] = await m.query(`SELECT ${COLUMNS} FROM orders WHERE id = $1 AND ($2::uuid IS NULL OR customer_id = $2::uuid)`, [
        id,
        customerId ?? null,
      ]);
      return rows[0] && toView(rows[0]);
    });
  }

  /** Orders still PENDING that were placed at least `olderThanSeconds` ago, the oldest first. */
  stuckOrders(olderThanSeconds: number, limit: number): Promise<OrderView[]> {
    return this.read(async (m) => {
      const rows: OrderRow[] = await m.query(
        `SELECT ${COLUMNS} FROM orders WHERE status = 'PENDING' AND placed_at <= now() - make_interval(secs => $1) ORDER BY placed_at LIMIT $2`,
        [olderThanSeconds, limit],
      );
      return rows.map(toView);
    });
  }

  /** Newest first, a keyset page at a time; InvalidCursorError for a cursor that is not one of ours. */
  listOrders(filter: OrderFilter): Promise<OrderPage> {
    const before = keysetPaging.decode(filter.cursor, 1)?.[0] ?? null;
    if (before !== null && !POSITION.test(before)) throw new InvalidCursorError();
    return this.read(async (m) => {
      const rows: OrderRow[] = await m.query(
        `SELECT ${COLUMNS} FROM orders
         WHERE ($1::bigint IS NULL OR placed_position < $1::bigint)
           AND ($2::text IS NULL OR status = $2::text)
           AND ($3::uuid IS NULL OR customer_id = $3::uuid)
         ORDER BY orders.placed_position DESC LIMIT $4`,
        [before, filter.status ?? null, filter.customerId ?? null, filter.limit + 1],
      );
      return keysetPaging.page(rows, filter.limit, (row) => [row.placed_position], toView);
    });
  }
}
