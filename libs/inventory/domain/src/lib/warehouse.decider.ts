import type { InventoryErrorCode, InventoryEvent, StockLine } from '@chronicle/inventory-contracts';

export class InventoryDomainError extends Error {
  constructor(
    readonly code: InventoryErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'InventoryDomainError';
  }
}

export type WarehouseCommand =
  | { commandId: string; kind: 'AddItem'; sku: string; name: string; quantity: number }
  | { commandId: string; kind: 'Restock'; sku: string; quantity: number }
  | { commandId: string; kind: 'ReserveStock'; orderId: string; lines: StockLine[] }
  | { commandId: string; kind: 'ReleaseStock'; orderId: string };

export interface ItemStock {
  name: string;
  available: number;
  reserved: number;
}

/**
 * The state of a warehouse. `reservations` and `decidedOrders` grow with every order the
 * warehouse ever saw, so `evolve` updates them in place instead of copying them per event
 * (copying made loading a warehouse with 100,000 decided orders take 0.4 s per command and a
 * full replay 80 s). Fold a state forward and use the result; never keep an older one around.
 */
export interface WarehouseState {
  items: Record<string, ItemStock>;
  /** Reservations still held, by order: what a release gives back. */
  reservations: Record<string, StockLine[]>;
  /** Orders whose reservation was decided (reserved, rejected or released): a redelivery changes nothing. */
  decidedOrders: Record<string, true>;
}

export const initialWarehouseState = (): WarehouseState => ({ items: {}, reservations: {}, decidedOrders: {} });

const decided = (state: WarehouseState, orderId: string): boolean => Object.hasOwn(state.decidedOrders, orderId);

/** Lines of one SKU are summed: an order may name a SKU twice. */
function mergeLines(lines: StockLine[]): StockLine[] {
  const bySku = new Map<string, number>();
  for (const { sku, quantity } of lines) bySku.set(sku, (bySku.get(sku) ?? 0) + quantity);
  return [...bySku].map(([sku, quantity]) => ({ sku, quantity })).sort((a, b) => a.sku.localeCompare(b.sku));
}

export function decideWarehouse(command: WarehouseCommand, state: WarehouseState): InventoryEvent[] {
  switch (command.kind) {
    case 'AddItem':
      if (state.items[command.sku]) throw new InventoryDomainError('ITEM_ALREADY_EXISTS', `Item ${command.sku} already exists`, { sku: command.sku });
      return [{ type: 'ItemAdded', data: { sku: command.sku, name: command.name, quantity: command.quantity } }];
    case 'Restock':
      if (!state.items[command.sku]) throw new InventoryDomainError('ITEM_NOT_FOUND', `Item ${command.sku} does not exist`, { sku: command.sku });
      return [{ type: 'ItemRestocked', data: { sku: command.sku, quantity: command.quantity } }];
    case 'ReserveStock': {
      if (decided(state, command.orderId)) return [];
      const lines = mergeLines(command.lines);
      for (const line of lines) {
        const item = state.items[line.sku];
        const reason = !item ? 'UNKNOWN_SKU' : item.available < line.quantity ? 'STOCK_INSUFFICIENT' : undefined;
        if (reason) return [{ type: 'StockReservationRejected', data: { orderId: command.orderId, reason, sku: line.sku } }];
      }
      return [{ type: 'StockReserved', data: { orderId: command.orderId, lines } }];
    }
    case 'ReleaseStock': {
      const held = Object.hasOwn(state.reservations, command.orderId) ? state.reservations[command.orderId] : undefined;
      return held ? [{ type: 'StockReleased', data: { orderId: command.orderId, lines: held } }] : [];
    }
  }
}

function adjust(items: Record<string, ItemStock>, lines: StockLine[], sign: 1 | -1): Record<string, ItemStock> {
  const next = { ...items };
  for (const { sku, quantity } of lines) {
    const item = next[sku];
    next[sku] = { ...item, available: item.available - sign * quantity, reserved: item.reserved + sign * quantity };
  }
  return next;
}

export function evolveWarehouse(state: WarehouseState, event: InventoryEvent): WarehouseState {
  switch (event.type) {
    case 'ItemAdded':
      return { ...state, items: { ...state.items, [event.data.sku]: { name: event.data.name, available: event.data.quantity, reserved: 0 } } };
    case 'ItemRestocked': {
      const item = state.items[event.data.sku];
      return { ...state, items: { ...state.items, [event.data.sku]: { ...item, available: item.available + event.data.quantity } } };
    }
    case 'StockReserved':
      state.reservations[event.data.orderId] = event.data.lines;
      state.decidedOrders[event.data.orderId] = true;
      return { ...state, items: adjust(state.items, event.data.lines, 1) };
    case 'StockReservationRejected':
      state.decidedOrders[event.data.orderId] = true;
      return { ...state };
    case 'StockReleased':
      delete state.reservations[event.data.orderId];
      return { ...state, items: adjust(state.items, event.data.lines, -1) };
  }
}

/** A warehouse as a decider (`warehouse-<id>` streams). */
export const warehouseDecider = { initialState: initialWarehouseState, decide: decideWarehouse, evolve: evolveWarehouse };
