import { Field, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { ListOrdersQueryDto, ORDER_STATUSES, OrderLineDto, type OrderStatus } from '@chronicle/ordering-contracts';

// The rules live with the published DTOs; the REST bodies (and GraphQL inputs) pick their fields
// (the customer, order and command ids come from the gateway).

@InputType('OrderLineInput')
export class OrderLineBody extends PickType(OrderLineDto, ['sku', 'quantity'] as const) {
  @ApiProperty({ example: 'sku-1' })
  @Field(() => String)
  override sku!: string;

  @ApiProperty({ example: 1, minimum: 1 })
  @Field(() => Int)
  override quantity!: number;
}

@InputType('PlaceOrderInput')
export class PlaceOrderBody {
  @ApiProperty({ type: [OrderLineBody], minItems: 1, maxItems: 100 })
  @Field(() => [OrderLineBody])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => OrderLineBody)
  lines!: OrderLineBody[];
}

export class ListOrdersQuery extends PickType(ListOrdersQueryDto, ['status', 'limit', 'cursor'] as const) {
  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  override status?: OrderStatus;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  override limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  override cursor?: string;
}
