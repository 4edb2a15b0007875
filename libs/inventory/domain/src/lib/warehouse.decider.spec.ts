import { decider } from '@chronicle/testing';
import { MAX_ITEM_STOCK, type ItemAdded, type StockReserved } from '@chronicle/inventory-contracts';
import { warehouseDecider } from './warehouse.decider';

const order = '0190a3c4-0000-7000-8000-0000000000a1';
const other = '0190a3c4-0000-7000-8000-0000000000a2';
const lamp: ItemAdded = { type: 'ItemAdded', data: { sku: 'LAMP', name: 'Lamp', quantity: 1 } };
const desk: ItemAdded = { type: 'ItemAdded', data: { sku: 'DESK', name: 'Desk', quantity: 5 } };
const reserved: StockReserved = { type: 'StockReserved', data: { orderId: order, lines: [{ sku: 'DESK', quantity: 2 }, { sku: 'LAMP', quantity: 1 }] } };
const warehouse = decider(warehouseDecider);

describe('warehouse', () => {
  it('reserves every line of an order at once', () => {
    warehouse
      .given(lamp, desk)
      .when({ commandId: 'c', kind: 'ReserveStock', orderId: order, lines: [{ sku: 'LAMP', quantity: 1 }, { sku: 'DESK', quantity: 1 }, { sku: 'DESK', quantity: 1 }] })
      .then(reserved);
  });

  it('rejects the whole order when one line cannot be served, and reserves nothing', () => {
    warehouse
      .given(lamp, desk, reserved)
      .when({ commandId: 'c', kind: 'ReserveStock', orderId: other, lines: [{ sku: 'DESK', quantity: 1 }, { sku: 'LAMP', quantity: 1 }] })
      .then({ type: 'StockReservationRejected', data: { orderId: other, reason: 'STOCK_INSUFFICIENT', sku: 'LAMP' } });
    warehouse
      .given(lamp)
      .when({ commandId: 'c', kind: 'ReserveStock', orderId: other, lines: [{ sku: 'NOPE', quantity: 1 }] })
      .then({ type: 'StockReservationRejected', data: { orderId: other, reason: 'UNKNOWN_SKU', sku: 'NOPE' } });
  });

  it('releases the lines an order holds; releasing them again (more than is reserved) is refused', () => {
    const release = { commandId: 'c', kind: 'ReleaseStock' as const, orderId: order, lines: reserved.data.lines };
    const released = { type: 'StockReleased' as const, data: reserved.data };
    warehouse.given(lamp, desk, reserved).when(release).then(released);
    warehouse.given(lamp, desk, reserved, released).when(release).thenThrows('RESERVATION_NOT_HELD');
    warehouse
      .given(lamp, desk, reserved, released)
      .when({ commandId: 'c', kind: 'Restock', sku: 'LAMP', quantity: 2 })
      .thenState({ items: { LAMP: { name: 'Lamp', available: 3, reserved: 0 }, DESK: { name: 'Desk', available: 5, reserved: 0 } } });
  });

  it('items are added once and restocked only when they exist', () => {
    warehouse.given(lamp).when({ commandId: 'c', kind: 'AddItem', sku: 'LAMP', name: 'Lamp', quantity: 3 }).thenThrows('ITEM_ALREADY_EXISTS');
    warehouse.given().when({ commandId: 'c', kind: 'Restock', sku: 'LAMP', quantity: 3 }).thenThrows('ITEM_NOT_FOUND');
  });

  it('restocks an item up to MAX_ITEM_STOCK units, reserved ones included, and refuses to go past it', () => {
    const full: ItemAdded = { type: 'ItemAdded', data: { sku: 'LAMP', name: 'Lamp', quantity: MAX_ITEM_STOCK - 3 } };
    const holding: StockReserved = { type: 'StockReserved', data: { orderId: order, lines: [{ sku: 'LAMP', quantity: 2 }] } };
    warehouse.given(full, holding).when({ commandId: 'c', kind: 'Restock', sku: 'LAMP', quantity: 3 }).then({ type: 'ItemRestocked', data: { sku: 'LAMP', quantity: 3 } });
    warehouse.given(full, holding).when({ commandId: 'c', kind: 'Restock', sku: 'LAMP', quantity: 4 }).thenThrows('STOCK_LIMIT_EXCEEDED');
    warehouse.given(lamp).when({ commandId: 'c', kind: 'Restock', sku: 'LAMP', quantity: MAX_ITEM_STOCK }).thenThrows('STOCK_LIMIT_EXCEEDED');
  });

  it('keeps nothing per order: after 50,000 orders the state is the catalogue', () => {
    let state = warehouseDecider.evolve(warehouseDecider.initialState(), lamp);
    for (let i = 0; i < 50_000; i++) {
      const orderId = `0190a3c4-0000-7000-8000-${i.toString(16).padStart(12, '0')}`;
      state = warehouseDecider.evolve(state, { type: 'StockReservationRejected', data: { orderId, reason: 'UNKNOWN_SKU', sku: 'NOPE' } });
      state = warehouseDecider.evolve(state, { type: 'ItemRestocked', data: { sku: 'LAMP', quantity: 1 } });
    }
    expect(JSON.stringify(state).length).toBeLessThan(100);
    expect(state.items['LAMP']).toEqual({ name: 'Lamp', available: 50_001, reserved: 0 });
  });
});
