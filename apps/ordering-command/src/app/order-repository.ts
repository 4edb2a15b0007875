import type { EventSourcedRepository, HandleResult } from '@chronicle/event-sourcing';
import type { OrderCommandReply, OrderEvent } from '@chronicle/ordering-contracts';
import type { OrderCommand, OrderState } from '@chronicle/ordering-domain';
import { v5 as uuidv5 } from 'uuid';

/** Orders live in `order-<id>` streams. */
export const ORDER_CATEGORY = 'order';

export type OrderRepository = EventSourcedRepository<OrderCommand, OrderEvent, OrderState>;

const IDS_FROM_COMMANDS = '3b0f6d2e-8c1a-4f5e-9d7b-2a6c4e8f1b03';

/** An order id the client did not choose: derived from the commandId, so a retried place names the same order. */
export const orderIdFromCommand = (commandId: string): string => uuidv5(commandId, IDS_FROM_COMMANDS);

export function toOrderReply(orderId: string, result: HandleResult<OrderEvent>): OrderCommandReply {
  return { orderId, revision: result.revision?.toString() ?? null, position: result.position?.toString() ?? null };
}
