export {
  orderingEvents,
  OrderingErrorCodes,
  orderPlacedSchema,
  orderConfirmedSchema,
  orderRejectedSchema,
  orderCancelledSchema,
  orderExpiredSchema,
} from './lib/ordering.events';
export type {
  OrderCancelled,
  OrderConfirmed,
  OrderEvent,
  OrderExpired,
  OrderingErrorCode,
  OrderLine,
  OrderPlaced,
  OrderRejected,
  OrderStatus,
} from './lib/ordering.events';
