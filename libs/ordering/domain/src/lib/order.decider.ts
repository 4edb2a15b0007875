import type { OrderEvent, OrderingErrorCode, OrderLine, OrderStatus } from '@chronicle/ordering-contracts';

export class OrderingDomainError extends Error {
  constructor(
    readonly code: OrderingErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'OrderingDomainError';
  }
}

/**
 * Commands on an order. Confirm / Reject come from reactions to inventory's events, Expire
 * from a durable timer: each is a no-op when the order already left PENDING, so a
 * redelivered event or a late timer changes nothing.
 */
export type OrderCommand =
  | { commandId: string; kind: 'PlaceOrder'; orderId: string; customerId: string; lines: OrderLine[] }
  | { commandId: string; kind: 'ConfirmOrder'; orderId: string }
  | { commandId: string; kind: 'RejectOrder'; orderId: string; reason: string }
  /** A customer (`requestedBy`) may cancel only their own order; an admin any. */
  | { commandId: string; kind: 'CancelOrder'; orderId: string; by: 'customer' | 'admin'; requestedBy: string }
  | { commandId: string; kind: 'ExpireOrder'; orderId: string };

export interface OrderState {
  status: OrderStatus | 'NONE';
  orderId: string;
  customerId: string;
  lines: OrderLine[];
  reason?: string;
}

export const initialOrderState = (): OrderState => ({ status: 'NONE', orderId: '', customerId: '', lines: [] });

function mustExist(state: OrderState, orderId: string): void {
  if (state.status === 'NONE') throw new OrderingDomainError('ORDER_NOT_FOUND', `Order ${orderId} does not exist`, { orderId });
}

export function decideOrder(command: OrderCommand, state: OrderState): OrderEvent[] {
  switch (command.kind) {
    case 'PlaceOrder':
      if (state.status !== 'NONE') throw new OrderingDomainError('ORDER_ALREADY_EXISTS', `Order ${command.orderId} already exists`);
      return [{ type: 'OrderPlaced', data: { orderId: command.orderId, customerId: command.customerId, lines: command.lines } }];
    case 'ConfirmOrder':
      mustExist(state, command.orderId);
      return state.status === 'PENDING' ? [{ type: 'OrderConfirmed', data: { orderId: command.orderId } }] : [];
    case 'RejectOrder':
      mustExist(state, command.orderId);
      return state.status === 'PENDING' ? [{ type: 'OrderRejected', data: { orderId: command.orderId, reason: command.reason } }] : [];
    case 'CancelOrder':
      mustExist(state, command.orderId);
      // Another customer's order reads as missing: its existence is not theirs to learn.
      if (command.by === 'customer' && state.customerId !== command.requestedBy) {
        throw new OrderingDomainError('ORDER_NOT_FOUND', `Order ${command.orderId} does not exist`, { orderId: command.orderId });
      }
      // A rejected, expired or already cancelled order holds no stock: nothing to cancel.
      return state.status === 'PENDING' || state.status === 'CONFIRMED'
        ? [{ type: 'OrderCancelled', data: { orderId: command.orderId, by: command.by } }]
        : [];
    case 'ExpireOrder':
      mustExist(state, command.orderId);
      return state.status === 'PENDING' ? [{ type: 'OrderExpired', data: { orderId: command.orderId } }] : [];
  }
}

export function evolveOrder(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'OrderPlaced':
      return { status: 'PENDING', orderId: event.data.orderId, customerId: event.data.customerId, lines: event.data.lines };
    case 'OrderConfirmed':
      return { ...state, status: 'CONFIRMED' };
    case 'OrderRejected':
      return { ...state, status: 'REJECTED', reason: event.data.reason };
    case 'OrderCancelled':
      return { ...state, status: 'CANCELLED' };
    case 'OrderExpired':
      return { ...state, status: 'EXPIRED' };
  }
}

/** The order aggregate as a decider (`order-<id>` streams). */
export const orderDecider = { initialState: initialOrderState, decide: decideOrder, evolve: evolveOrder };
