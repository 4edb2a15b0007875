export { warehouseDecider, decideWarehouse, evolveWarehouse, initialWarehouseState, InventoryDomainError } from './lib/warehouse.decider';
export type { ItemStock, WarehouseCommand, WarehouseState } from './lib/warehouse.decider';
