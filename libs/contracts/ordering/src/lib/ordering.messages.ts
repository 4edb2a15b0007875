import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { OrderLine, OrderStatus } from './ordering.events';

const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const POSITION = /^(0|[1-9][0-9]{0,18})$/;
export const ORDER_STATUSES: readonly OrderStatus[] = ['PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLED', 'EXPIRED'];

/** Message patterns of the ordering services (request/response over TCP or NATS). */
export const OrderingCommands = {
  placeOrder: 'ordering.placeOrder',
  cancelOrder: 'ordering.cancelOrder',
  /** Readiness of the command side (the saga's reactions: lag, stall, dead letters), terminus-style result. */
  health: 'ordering.command.health',
} as const;

export const OrderingQueries = {
  getOrder: 'ordering.getOrder',
  listOrders: 'ordering.listOrders',
  /** Operators: orders still PENDING after a while (sagas that may be stuck). */
  stuckOrders: 'ordering.stuckOrders',
  /** Readiness of the query side (projection lag / stall), terminus-style result. */
  health: 'ordering.health',
} as const;

export abstract class OrderingCommandDto {
  @IsUUID()
  commandId!: string;

  /** Optional: continues the caller's correlation id across the hop. */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  correlationId?: string;
}

export class OrderLineDto implements OrderLine {
  @Matches(SKU_PATTERN, { message: 'sku must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit' })
  sku!: string;

  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity!: number;
}

export class PlaceOrderDto extends OrderingCommandDto {
  /** Optional; derived from commandId when absent, so a retried place names the same order. */
  @IsOptional()
  @IsUUID()
  orderId?: string;

  /** The customer (a user id): the gateway sets it from the caller's token. */
  @IsUUID()
  customerId!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  lines!: OrderLineDto[];
}

export class CancelOrderDto extends OrderingCommandDto {
  @IsUUID()
  orderId!: string;

  /**
   * Who asks. A customer may cancel only their own order (another's reads as ORDER_NOT_FOUND);
   * an admin any order.
   */
  @IsUUID()
  requestedBy!: string;

  @IsIn(['customer', 'admin'])
  by!: 'customer' | 'admin';
}

/** Reply to every ordering command. Revision and position are decimal strings. */
export interface OrderCommandReply {
  orderId: string;
  revision: string | null;
  position: string | null;
}

export abstract class OrderingQueryDto {
  @IsOptional()
  @Matches(POSITION, { message: 'minPosition must be a non-negative integer string' })
  minPosition?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  correlationId?: string;

  /** When set, only this customer's orders are visible (another's reads as ORDER_NOT_FOUND). */
  @IsOptional()
  @IsUUID()
  customerId?: string;
}

export class GetOrderQueryDto extends OrderingQueryDto {
  @IsUUID()
  orderId!: string;
}

export class ListOrdersQueryDto extends OrderingQueryDto {
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;

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

export class StuckOrdersQueryDto extends OrderingQueryDto {
  /** Pending for at least this long. */
  @Transform(({ value }) => (typeof value === 'string' ? Number(value) : value))
  @IsInt()
  @Min(0)
  @Max(31_536_000)
  olderThanSeconds!: number;

  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** An order as the query side shows it (newest first in lists). */
export interface OrderView {
  id: string;
  customerId: string;
  status: OrderStatus;
  lines: OrderLine[];
  /** Why it was rejected (e.g. `STOCK_INSUFFICIENT: sku-1`); absent otherwise. */
  reason?: string;
  revision: string;
  placedAt: string;
  updatedAt: string;
}

export interface OrderPage {
  items: OrderView[];
  nextCursor: string | null;
}
