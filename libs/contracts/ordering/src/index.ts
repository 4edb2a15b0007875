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
export { orderingErrorKinds } from './lib/ordering.events';
export {
  CancelOrderDto,
  GetOrderQueryDto,
  ListOrdersQueryDto,
  StuckOrdersQueryDto,
  ORDER_STATUSES,
  OrderingCommandDto,
  OrderingCommands,
  OrderingQueries,
  OrderingQueryDto,
  OrderLineDto,
  PlaceOrderDto,
} from './lib/ordering.messages';
export type { OrderCommandReply, OrderPage, OrderView } from './lib/ordering.messages';
