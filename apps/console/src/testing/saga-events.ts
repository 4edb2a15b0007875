import type { SagaEvent } from '../api/types';

/** A saga event for tests: `at` is milliseconds after a fixed start. */
export function sagaEvent(eventId: string, type: string, streamId: string, position: number, at: number, causationId: string | null, data: SagaEvent['data'] = {}): SagaEvent {
  return { eventId, type, streamId, position: String(position), revision: '0', recordedAt: new Date(Date.UTC(2026, 0, 1) + at).toISOString(), causationId, data };
}

/** A rejected order: placed, the warehouse refuses the reservation, the order is rejected. */
export const rejectedOrder: SagaEvent[] = [
  sagaEvent('e1', 'OrderPlaced', 'order-42', 100, 0, 'command-1'),
  sagaEvent('e2', 'StockReservationRejected', 'warehouse-main', 200, 120, 'e1', { orderId: '42', reason: 'STOCK_INSUFFICIENT', sku: 'sku-1' }),
  sagaEvent('e3', 'OrderRejected', 'order-42', 300, 1_620, 'e2', { orderId: '42', reason: 'STOCK_INSUFFICIENT' }),
];
