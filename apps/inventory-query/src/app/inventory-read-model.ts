import { Injectable } from '@nestjs/common';
import type { ItemPage, ItemView } from '@chronicle/inventory-contracts';
import { Projections } from '@chronicle/projections';
import { INVENTORY_PROJECTION } from './inventory.projection';

interface ItemRow {
  sku: string;
  name: string;
  available: number;
  reserved: number;
  revision: string;
  updated_at: Date;
}

const COLUMNS = `sku, name, available, reserved, revision::text AS revision, updated_at`;

const toItem = (row: ItemRow): ItemView => ({
  sku: row.sku,
  name: row.name,
  available: row.available,
  reserved: row.reserved,
  revision: row.revision,
  updatedAt: row.updated_at.toISOString(),
});

/** Opaque keyset cursor: the sku of the last item of a page. */
const encodeCursor = (sku: string): string => Buffer.from(JSON.stringify([sku])).toString('base64url');

function decodeCursor(cursor: string): string | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown;
    return Array.isArray(value) && value.length === 1 && typeof value[0] === 'string' ? value[0] : undefined;
  } catch {
    return undefined;
  }
}

/** Reads of the inventory read model, each in one consistent snapshot of its active version. */
@Injectable()
export class InventoryReadModel {
  constructor(private readonly projections: Projections) {}

  getItem(sku: string): Promise<ItemView | undefined> {
    return this.projections.withReadModel(INVENTORY_PROJECTION, async (m) => {
      const rows: ItemRow[] = await m.query(`SELECT ${COLUMNS} FROM items WHERE sku = $1`, [sku]);
      return rows[0] && toItem(rows[0]);
    });
  }

  /** Items in sku order (byte order); undefined for a cursor that is not one of ours. */
  listItems(filter: { limit: number; cursor?: string }): Promise<ItemPage | undefined> {
    const after = filter.cursor === undefined ? null : decodeCursor(filter.cursor);
    if (after === undefined) return Promise.resolve(undefined);
    return this.projections.withReadModel(INVENTORY_PROJECTION, async (m) => {
      const rows: ItemRow[] = await m.query(
        `SELECT ${COLUMNS} FROM items WHERE ($1::text IS NULL OR sku > $1::text) ORDER BY sku LIMIT $2`,
        [after, filter.limit + 1],
      );
      const page = rows.slice(0, filter.limit);
      const more = rows.length > filter.limit;
      return { items: page.map(toItem), nextCursor: more ? encodeCursor(page[page.length - 1].sku) : null };
    });
  }
}
