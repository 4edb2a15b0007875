export {
  inventoryEvents,
  InventoryErrorCodes,
  itemAddedSchema,
  itemRestockedSchema,
  stockReservedSchema,
  stockReservationRejectedSchema,
  stockReleasedSchema,
} from './lib/inventory.events';
export type {
  InventoryErrorCode,
  InventoryEvent,
  ItemAdded,
  ItemRestocked,
  StockLine,
  StockReleased,
  StockReservationRejected,
  StockReserved,
} from './lib/inventory.events';
