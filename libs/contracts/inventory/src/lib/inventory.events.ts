import { z } from 'zod';

/**
 * The inventory context's events. A warehouse is one aggregate (`warehouse-<id>`): reserving
 * every line of an order is then one atomic decision, and `available` can never go below 0.
 */
const sku = z.string().min(1).max(64);
const quantity = z.number().int().positive();
const line = z.object({ sku, quantity });

export const itemAddedSchema = z.object({ sku, name: z.string().min(1).max(200), quantity: z.number().int().min(0) });
export const itemRestockedSchema = z.object({ sku, quantity });
export const stockReservedSchema = z.object({ orderId: z.string().uuid(), lines: z.array(line).min(1) });
export const stockReservationRejectedSchema = z.object({
  orderId: z.string().uuid(),
  reason: z.enum(['UNKNOWN_SKU', 'STOCK_INSUFFICIENT']),
  sku,
});
export const stockReleasedSchema = z.object({ orderId: z.string().uuid(), lines: z.array(line).min(1) });

export type ItemAdded = { type: 'ItemAdded'; data: z.infer<typeof itemAddedSchema> };
export type ItemRestocked = { type: 'ItemRestocked'; data: z.infer<typeof itemRestockedSchema> };
export type StockReserved = { type: 'StockReserved'; data: z.infer<typeof stockReservedSchema> };
export type StockReservationRejected = { type: 'StockReservationRejected'; data: z.infer<typeof stockReservationRejectedSchema> };
export type StockReleased = { type: 'StockReleased'; data: z.infer<typeof stockReleasedSchema> };
export type InventoryEvent = ItemAdded | ItemRestocked | StockReserved | StockReservationRejected | StockReleased;
export type StockLine = z.infer<typeof line>;

const producer = 'inventory-command';

/** Registrations for the event registry (structurally `EventRegistration` of @chronicle/event-sourcing). */
export const inventoryEvents = [
  { type: 'ItemAdded', schemaVersion: 1, schema: itemAddedSchema, producer },
  { type: 'ItemRestocked', schemaVersion: 1, schema: itemRestockedSchema, producer },
  { type: 'StockReserved', schemaVersion: 1, schema: stockReservedSchema, producer, description: 'Every line of one order, reserved at once' },
  { type: 'StockReservationRejected', schemaVersion: 1, schema: stockReservationRejectedSchema, producer, description: 'Nothing was reserved' },
  { type: 'StockReleased', schemaVersion: 1, schema: stockReleasedSchema, producer, description: 'An order was cancelled or expired' },
] as const;

/** Stable error codes of the inventory context. */
export const InventoryErrorCodes = {
  ITEM_ALREADY_EXISTS: 'ITEM_ALREADY_EXISTS',
  ITEM_NOT_FOUND: 'ITEM_NOT_FOUND',
  /** A release of more than is reserved: the reservation was already given back. */
  RESERVATION_NOT_HELD: 'RESERVATION_NOT_HELD',
  /** A restock that would take an item past MAX_ITEM_STOCK units (available + reserved). */
  STOCK_LIMIT_EXCEEDED: 'STOCK_LIMIT_EXCEEDED',
} as const;
export type InventoryErrorCode = (typeof InventoryErrorCodes)[keyof typeof InventoryErrorCodes];

/** Which HTTP-style category each code falls in (the gateway's one exception filter uses it). */
export const inventoryErrorKinds: Record<InventoryErrorCode, 'not_found' | 'conflict'> = {
  ITEM_ALREADY_EXISTS: 'conflict',
  ITEM_NOT_FOUND: 'not_found',
  RESERVATION_NOT_HELD: 'conflict',
  STOCK_LIMIT_EXCEEDED: 'conflict',
};
