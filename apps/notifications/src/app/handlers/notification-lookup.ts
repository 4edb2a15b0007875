import type { OrderLine } from '@chronicle/ordering-contracts';

export interface Recipient {
  email: string;
  name: string;
}

export interface PlacedOrder {
  customerId: string;
  lines: OrderLine[];
}

/** What handlers may read of the notifications read model (as of the event being handled). */
export interface NotificationLookup {
  recipient(userId: string): Promise<Recipient | undefined>;
  order(orderId: string): Promise<PlacedOrder | undefined>;
}
