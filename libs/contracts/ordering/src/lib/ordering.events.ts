import { z } from 'zod';

/** The ordering context's events (`order-<id>` streams). */
const orderId = z.string().uuid();
const line = z.object({ sku: z.string().min(1).max(64), quantity: z.number().int().positive() });

export const orderPlacedSchema = z.object({ orderId, customerId: z.string().uuid(), lines: z.array(line).min(1).max(100) });
export const orderConfirmedSchema = z.object({ orderId });
export const orderRejectedSchema = z.object({ orderId, reason: z.string().min(1).max(200) });
export const orderCancelledSchema = z.object({ orderId, by: z.enum(['customer', 'admin']) });
export const orderExpiredSchema = z.object({ orderId });

export type OrderLine = z.infer<typeof line>;
export type OrderPlaced = { type: 'OrderPlaced'; data: z.infer<typeof orderPlacedSchema> };
export type OrderConfirmed = { type: 'OrderConfirmed'; data: z.infer<typeof orderConfirmedSchema> };
export type OrderRejected = { type: 'OrderRejected'; data: z.infer<typeof orderRejectedSchema> };
export type OrderCancelled = { type: 'OrderCancelled'; data: z.infer<typeof orderCancelledSchema> };
export type OrderExpired = { type: 'OrderExpired'; data: z.infer<typeof orderExpiredSchema> };
export type OrderEvent = OrderPlaced | OrderConfirmed | OrderRejected | OrderCancelled | OrderExpired;

export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'REJECTED' | 'CANCELLED' | 'EXPIRED';

const producer = 'ordering-command';

/** Registrations for the event registry (structurally `EventRegistration` of @chronicle/event-sourcing). */
export const orderingEvents = [
  { type: 'OrderPlaced', schemaVersion: 1, schema: orderPlacedSchema, producer },
  { type: 'OrderConfirmed', schemaVersion: 1, schema: orderConfirmedSchema, producer, description: 'Inventory reserved every line' },
  { type: 'OrderRejected', schemaVersion: 1, schema: orderRejectedSchema, producer, description: 'Inventory could not reserve the order' },
  { type: 'OrderCancelled', schemaVersion: 1, schema: orderCancelledSchema, producer },
  { type: 'OrderExpired', schemaVersion: 1, schema: orderExpiredSchema, producer, description: 'Still pending when its time ran out' },
] as const;

export const OrderingErrorCodes = {
  ORDER_NOT_FOUND: 'ORDER_NOT_FOUND',
  ORDER_ALREADY_EXISTS: 'ORDER_ALREADY_EXISTS',
} as const;
export type OrderingErrorCode = (typeof OrderingErrorCodes)[keyof typeof OrderingErrorCodes];

/** Which HTTP-style category each code falls in (the gateway's one exception filter uses it). */
export const orderingErrorKinds: Record<OrderingErrorCode, 'not_found' | 'conflict'> = {
  ORDER_NOT_FOUND: 'not_found',
  ORDER_ALREADY_EXISTS: 'conflict',
};
