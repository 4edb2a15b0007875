import type { StockLine } from '@chronicle/inventory-contracts';

/** What an order holds, in the inventory reactor's state (keyed by `reservationKey`). */
export type OrderReservation = { lines: StockLine[]; released: boolean };

export const reservationKey = (orderId: string): string => `reservation:${orderId}`;
