/** JSON values, structurally the same as the event store's JsonValue. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonRecord = { [key: string]: Json };

export interface BenchEvent {
  readonly type: string;
  readonly data: JsonRecord;
}

const EVENT_TYPES = ['OrderPlaced', 'ItemAdded', 'PaymentCaptured', 'OrderShipped'] as const;
const NOTE = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor';

/** A realistic event with about 200 bytes of JSON data. */
export function benchEvent(seq: number): BenchEvent {
  return {
    type: EVENT_TYPES[seq % EVENT_TYPES.length] ?? 'OrderPlaced',
    data: {
      orderId: `ord-${seq.toString().padStart(10, '0')}`,
      customerId: `cust-${(seq % 9973).toString().padStart(6, '0')}`,
      sku: `SKU-${seq % 509}`,
      quantity: 1 + (seq % 5),
      amount: (seq % 100000) / 100,
      currency: 'EUR',
      note: NOTE,
    },
  };
}

/** `count` events starting at sequence number `seq`. */
export function benchEvents(seq: number, count: number): BenchEvent[] {
  return Array.from({ length: count }, (_, i) => benchEvent(seq + i));
}
