import { adminApi } from '../api/admin-api';
import { isApiError } from '../api/api-error';

const notFound = (error: unknown) => isApiError(error) && error.status === 404;

/**
 * The correlation id of an order's saga. GET /orders/{id} does not carry it, so it is the
 * correlation id of the order stream's first event (OrderPlaced, stamped by the POST /orders
 * that started the saga). Anything that is no order is tried as a correlation id itself.
 */
export async function findCorrelation(orderOrCorrelationId: string): Promise<string | null> {
  const id = orderOrCorrelationId.trim();
  const first = await adminApi.events(`order-${id}`, { limit: 1 }).catch((error: unknown) => (notFound(error) ? null : Promise.reject(error)));
  const placed = first?.events[0];
  if (placed?.correlationId) return placed.correlationId;
  const saga = await adminApi.saga(id).catch((error: unknown) => (notFound(error) ? null : Promise.reject(error)));
  return saga ? saga.correlationId : null;
}
