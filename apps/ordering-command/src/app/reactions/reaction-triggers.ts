import type { RecordedEvent } from '@chronicle/event-store';
import { EventRegistry } from '@chronicle/event-sourcing';
import { inventoryEvents, type StockReservationRejected, type StockReserved } from '@chronicle/inventory-contracts';
import { orderingEvents, type OrderEvent } from '@chronicle/ordering-contracts';

/** What the ordering saga reacts to: inventory's answers, and the order's own lifecycle (for its timer). */
export type ReactionTrigger = StockReserved | StockReservationRejected | OrderEvent;

export const REACTION_TRIGGERS: ReactionTrigger['type'][] = [
  'StockReserved',
  'StockReservationRejected',
  'OrderPlaced',
  'OrderConfirmed',
  'OrderRejected',
  'OrderCancelled',
  'OrderExpired',
];

const registry = new EventRegistry([...inventoryEvents, ...orderingEvents]);

/** Upcasts and validates a stored event: data another context wrote is checked before it drives a command. */
export function readTrigger(recorded: RecordedEvent): ReactionTrigger {
  return registry.upcast(recorded.type, recorded.schemaVersion, recorded.data) as ReactionTrigger;
}
