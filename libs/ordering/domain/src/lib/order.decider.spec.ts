import { decider } from '@chronicle/testing';
import type { OrderPlaced } from '@chronicle/ordering-contracts';
import { orderDecider } from './order.decider';

const orderId = '0190a3c4-0000-7000-8000-0000000000b1';
const customerId = '0190a3c4-0000-7000-8000-0000000000c1';
const placed: OrderPlaced = { type: 'OrderPlaced', data: { orderId, customerId, lines: [{ sku: 'LAMP', quantity: 1 }] } };
const confirmed = { type: 'OrderConfirmed' as const, data: { orderId } };
const order = decider(orderDecider);

describe('order', () => {
  it('is placed once, pending', () => {
    order.given().when({ commandId: 'c', kind: 'PlaceOrder', orderId, customerId, lines: placed.data.lines }).then(placed);
    order.given(placed).when({ commandId: 'c', kind: 'PlaceOrder', orderId, customerId, lines: [] }).thenThrows('ORDER_ALREADY_EXISTS');
  });

  it('a pending order is confirmed or rejected once; a redelivered reaction changes nothing', () => {
    order.given(placed).when({ commandId: 'c', kind: 'ConfirmOrder', orderId }).then(confirmed);
    order.given(placed, confirmed).when({ commandId: 'c', kind: 'ConfirmOrder', orderId }).then();
    order.given(placed, confirmed).when({ commandId: 'c', kind: 'RejectOrder', orderId, reason: 'late' }).then();
    order
      .given(placed)
      .when({ commandId: 'c', kind: 'RejectOrder', orderId, reason: 'STOCK_INSUFFICIENT' })
      .then({ type: 'OrderRejected', data: { orderId, reason: 'STOCK_INSUFFICIENT' } });
  });

  it('cancelling after confirmation is allowed once; a second cancel is a no-op', () => {
    const cancelled = { type: 'OrderCancelled' as const, data: { orderId, by: 'customer' as const } };
    order.given(placed, confirmed).when({ commandId: 'c', kind: 'CancelOrder', orderId, by: 'customer', requestedBy: customerId }).then(cancelled);
    order.given(placed, confirmed, cancelled).when({ commandId: 'c', kind: 'CancelOrder', orderId, by: 'customer', requestedBy: customerId }).then();
  });

  it("a customer cannot cancel another's order (it reads as missing); an admin can", () => {
    const stranger = '0190a3c4-0000-7000-8000-0000000000c2';
    order.given(placed).when({ commandId: 'c', kind: 'CancelOrder', orderId, by: 'customer', requestedBy: stranger }).thenThrows('ORDER_NOT_FOUND');
    order
      .given(placed)
      .when({ commandId: 'c', kind: 'CancelOrder', orderId, by: 'admin', requestedBy: stranger })
      .then({ type: 'OrderCancelled', data: { orderId, by: 'admin' } });
    order.given().when({ commandId: 'c', kind: 'CancelOrder', orderId, by: 'admin', requestedBy: stranger }).thenThrows('ORDER_NOT_FOUND');
  });

  it('only a pending order expires; a late timer changes nothing', () => {
    order.given(placed).when({ commandId: 'c', kind: 'ExpireOrder', orderId }).then({ type: 'OrderExpired', data: { orderId } });
    order.given(placed, confirmed).when({ commandId: 'c', kind: 'ExpireOrder', orderId }).then();
    order.given().when({ commandId: 'c', kind: 'ExpireOrder', orderId }).thenThrows('ORDER_NOT_FOUND');
  });
});
