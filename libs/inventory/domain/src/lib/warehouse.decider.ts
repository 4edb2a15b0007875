import { MAX_ITEM_STOCK, type InventoryErrorCode, type InventoryEvent, type StockLine } from '@chronicle/inventory-contracts';

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
  /** Gives back what `ReserveStock` reserved for the order: its caller remembers the lines. */
  | { commandId: string; kind: 'ReleaseStock'; orderId: string; lines: StockLine[] };

export interface ItemStock {
  name: string;
  available: number;
  reserved: number;
}

/**
 * The state of a warehouse: stock counters per SKU, nothing per order. Which orders hold which
 * reservation is the inventory reactions' bookkeeping (a table written with their checkpoint),
 * so the aggregate loaded for every reservation stays as small as the catalogue, however many
 * orders the shop has seen; a redelivered reservation is recognised by its command id.
 */
export interface WarehouseState {
  items: Record<string, ItemStock>;
}

export const initialWarehouseState = (): WarehouseState => ({ items: {} });

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
    case 'Restock': {
      const item = state.items[command.sku];
      if (!item) throw new InventoryDomainError('ITEM_NOT_FOUND', `Item ${command.sku} does not exist`, { sku: command.sku });
      // Each restock is within bounds on its own; their sum must stay so too.
      const stock = item.available + item.reserved;
      if (stock + command.quantity > MAX_ITEM_STOCK) {
        throw new InventoryDomainError('STOCK_LIMIT_EXCEEDED', `Item ${command.sku} holds ${stock} units; it may hold at most ${MAX_ITEM_STOCK}`, {
          sku: command.sku,
          stock,
          limit: MAX_ITEM_STOCK,
        });
      }
      return [{ type: 'ItemRestocked', data: { sku: command.sku, quantity: command.quantity } }];
    }
    case 'ReserveStock': {
      const lines = mergeLines(command.lines);
      for (const line of lines) {
        const item = state.items[line.sku];
        const reason = !item ? 'UNKNOWN_SKU' : item.available < line.quantity ? 'STOCK_INSUFFICIENT' : undefined;
        if (reason) return [{ type: 'StockReservationRejected', data: { orderId: command.orderId, reason, sku: line.sku } }];
      }
      return [{ type: 'StockReserved', data: { orderId: command.orderId, lines } }];
    }
    case 'ReleaseStock': {
      const lines = mergeLines(command.lines);
      for (const { sku, quantity } of lines) {
        // More than is reserved means this reservation was already given back: never let stock appear from nowhere.
        if ((state.items[sku]?.reserved ?? 0) < quantity) {
          throw new InventoryDomainError('RESERVATION_NOT_HELD', `Order ${command.orderId} holds no ${quantity} x ${sku} to release`, {
            orderId: command.orderId,
            sku,
          });
        }
      }
      return [{ type: 'StockReleased', data: { orderId: command.orderId, lines } }];
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
      return { items: { ...state.items, [event.data.sku]: { name: event.data.name, available: event.data.quantity, reserved: 0 } } };
    case 'ItemRestocked': {
      const item = state.items[event.data.sku];
      return { items: { ...state.items, [event.data.sku]: { ...item, available: item.available + event.data.quantity } } };
    }
    case 'StockReserved':
      return { items: adjust(state.items, event.data.lines, 1) };
    case 'StockReservationRejected':
      return state;
    case 'StockReleased':
      return { items: adjust(state.items, event.data.lines, -1) };
  }
}

/** A warehouse as a decider (`warehouse-<id>` streams). */
export const warehouseDecider = { initialState: initialWarehouseState, decide: decideWarehouse, evolve: evolveWarehouse };
