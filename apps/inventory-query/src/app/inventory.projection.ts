import type { RecordedEvent } from '@chronicle/event-store';
import { inventoryEvents, type InventoryEvent, type StockLine } from '@chronicle/inventory-contracts';
import { Projection, type ProjectionHandler } from '@chronicle/projections';
import type { EntityManager } from 'typeorm';

export const INVENTORY_PROJECTION = 'inventory';

/** StockReservationRejected changes no item; the runtime moves the checkpoint over it anyway. */
const handles: InventoryEvent['type'][] = ['ItemAdded', 'ItemRestocked', 'StockReserved', 'StockReleased'];

/**
 * Items with their stock. `revision` counts the item's own changes (0 when added), not the
 * warehouse stream's revision, which every item shares. Tables are unqualified: the runtime
 * points search_path at the version being built.
 */
@Projection({ name: INVENTORY_PROJECTION, handles, events: inventoryEvents })
export class InventoryProjection implements ProjectionHandler {
  async setup(manager: EntityManager): Promise<void> {
    await manager.query(`
      CREATE TABLE items (
        sku text COLLATE "C" PRIMARY KEY, name text NOT NULL,
        available integer NOT NULL, reserved integer NOT NULL,
        revision bigint NOT NULL, updated_at timestamptz NOT NULL)`);
  }

  async apply(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as InventoryEvent;
    const at = recorded.recordedAt;
    switch (event.type) {
      case 'ItemAdded':
        await manager.query(`INSERT INTO items (sku, name, available, reserved, revision, updated_at) VALUES ($1, $2, $3, 0, 0, $4)`, [
          event.data.sku,
          event.data.name,
          event.data.quantity,
          at,
        ]);
        return;
      case 'ItemRestocked':
        await moveStock(manager, [{ sku: event.data.sku, quantity: event.data.quantity }], 'restock', at);
        return;
      case 'StockReserved':
        await moveStock(manager, event.data.lines, 'reserve', at);
        return;
      case 'StockReleased':
        await moveStock(manager, event.data.lines, 'release', at);
        return;
      case 'StockReservationRejected':
        return;
    }
  }
}

/** Per line: restock adds to available; reserve moves available -> reserved; release moves it back. */
async function moveStock(manager: EntityManager, lines: StockLine[], kind: 'restock' | 'reserve' | 'release', at: Date): Promise<void> {
  const toAvailable = kind === 'reserve' ? -1 : 1;
  const toReserved = kind === 'restock' ? 0 : -toAvailable;
  await manager.query(
    `UPDATE items i SET available = i.available + $3 * l.quantity, reserved = i.reserved + $4 * l.quantity,
       revision = i.revision + 1, updated_at = $5
     FROM unnest($1::text[], $2::int[]) AS l(sku, quantity) WHERE i.sku = l.sku`,
    [lines.map((l) => l.sku), lines.map((l) => l.quantity), toAvailable, toReserved, at],
  );
}
