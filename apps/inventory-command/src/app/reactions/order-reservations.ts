import type { StockLine } from '@chronicle/inventory-contracts';
import type { EntityManager } from 'typeorm';

/**
 * Which orders hold which reservation: the inventory reactions' own bookkeeping, written in
 * their batch transaction (so together with their checkpoint), in the active version schema of
 * the reactions projection (unqualified names: the runtime sets search_path). A rebuild replays
 * the reactions, whose commands are answered from the warehouse's history by their ids, and so
 * fills it again exactly.
 */
export async function createOrderReservationsTable(manager: EntityManager): Promise<void> {
  await manager.query(`
    CREATE TABLE order_reservations (
      order_id uuid PRIMARY KEY, lines jsonb NOT NULL, released boolean NOT NULL DEFAULT false)`);
}

export async function recordReservation(manager: EntityManager, orderId: string, lines: StockLine[]): Promise<void> {
  await manager.query(`INSERT INTO order_reservations (order_id, lines) VALUES ($1, $2::jsonb) ON CONFLICT (order_id) DO NOTHING`, [
    orderId,
    JSON.stringify(lines),
  ]);
}

/** The lines an order still holds, or undefined (never reserved, rejected, or already released). */
export async function heldReservation(manager: EntityManager, orderId: string): Promise<StockLine[] | undefined> {
  const rows: { lines: StockLine[] }[] = await manager.query(`SELECT lines FROM order_reservations WHERE order_id = $1 AND NOT released`, [orderId]);
  return rows[0]?.lines;
}

export async function markReleased(manager: EntityManager, orderId: string): Promise<void> {
  await manager.query(`UPDATE order_reservations SET released = true WHERE order_id = $1`, [orderId]);
}
