import { Injectable } from '@nestjs/common';
import type { ItemPage, ItemView } from '@chronicle/inventory-contracts';
import { keysetPaging, Projections } from '@chronicle/projections';
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

  /** Items in sku order (byte order), a keyset page at a time; InvalidCursorError for a cursor that is not one of ours. */
  listItems(filter: { limit: number; cursor?: string }): Promise<ItemPage> {
    const after = keysetPaging.decode(filter.cursor, 1);
    return this.projections.withReadModel(INVENTORY_PROJECTION, async (m) => {
      const rows: ItemRow[] = await m.query(
        `SELECT ${COLUMNS} FROM items WHERE ($1::text IS NULL OR sku > $1::text) ORDER BY sku LIMIT $2`,
        [after?.[0] ?? null, filter.limit + 1],
      );
      return keysetPaging.page(rows, filter.limit, (row) => [row.sku], toItem);
    });
  }
}
