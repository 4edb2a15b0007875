import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';

/** A SKU: letters, digits, `.`, `_`, `-`; safe in a URL path segment. */
export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/**
 * The most units one item may hold, available and reserved together (and so the most one add or
 * restock may bring): the counters stay far inside the read model's 32-bit integers.
 */
export const MAX_ITEM_STOCK = 1_000_000_000;
const POSITION = /^(0|[1-9][0-9]{0,18})$/;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Message patterns of the inventory services (request/response over TCP or NATS). */
export const InventoryCommands = {
  addItem: 'inventory.addItem',
  restock: 'inventory.restock',
} as const;

export const InventoryQueries = {
  getItem: 'inventory.getItem',
  listItems: 'inventory.listItems',
  /** Readiness of the query side (projection lag / stall), terminus-style result. */
  health: 'inventory.health',
} as const;

/** Every command carries a client-chosen id: sending it again returns the first result. */
export abstract class InventoryCommandDto {
  @IsUUID()
  commandId!: string;

  /** Optional: continues the caller's correlation id across the hop. */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  correlationId?: string;
}

export class AddItemDto extends InventoryCommandDto {
  @Matches(SKU_PATTERN, { message: 'sku must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit' })
  sku!: string;

  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name!: string;

  @IsInt()
  @Min(0)
  @Max(MAX_ITEM_STOCK)
  quantity!: number;
}

export class RestockDto extends InventoryCommandDto {
  @Matches(SKU_PATTERN, { message: 'sku must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit' })
  sku!: string;

  @IsInt()
  @Min(1)
  @Max(MAX_ITEM_STOCK)
  quantity!: number;
}

/** Reply to every inventory command. Revision (of the warehouse stream) and position are decimal strings. */
export interface InventoryCommandReply {
  sku: string;
  revision: string | null;
  position: string | null;
}

export abstract class InventoryQueryDto {
  /** A `position` from a command reply: the query waits (bounded) until the read model has reached it. */
  @IsOptional()
  @Matches(POSITION, { message: 'minPosition must be a non-negative integer string' })
  minPosition?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  correlationId?: string;
}

export class GetItemQueryDto extends InventoryQueryDto {
  @Matches(SKU_PATTERN, { message: 'sku must be 1-64 letters, digits, ".", "_" or "-"' })
  sku!: string;
}

export class ListItemsQueryDto extends InventoryQueryDto {
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  /** Opaque cursor from a previous page's `nextCursor`. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

/**
 * An item as the query side shows it. `revision` counts the item's own changes (0 after it was
 * added, +1 per restock / reservation / release touching it), as a decimal string.
 */
export interface ItemView {
  sku: string;
  name: string;
  available: number;
  reserved: number;
  revision: string;
  updatedAt: string;
}

export interface ItemPage {
  items: ItemView[];
  nextCursor: string | null;
}
