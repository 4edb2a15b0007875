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
export { inventoryErrorKinds } from './lib/inventory.events';
export {
  AddItemDto,
  GetItemQueryDto,
  InventoryCommandDto,
  InventoryCommands,
  InventoryQueries,
  InventoryQueryDto,
  ListItemsQueryDto,
  RestockDto,
  MAX_ITEM_STOCK,
  SKU_PATTERN,
} from './lib/inventory.messages';
export type { InventoryCommandReply, ItemPage, ItemView } from './lib/inventory.messages';
