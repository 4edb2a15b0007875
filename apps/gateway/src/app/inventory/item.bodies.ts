import { Field, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { AddItemDto, ListItemsQueryDto, RestockDto } from '@chronicle/inventory-contracts';

// The rules live with the published DTOs; the REST bodies (and GraphQL inputs) pick their fields.

@InputType('AddItemInput')
export class AddItemBody extends PickType(AddItemDto, ['sku', 'name', 'quantity'] as const) {
  @ApiProperty({ example: 'sku-1', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' })
  @Field(() => String)
  override sku!: string;

  @ApiProperty({ example: 'Blue mug', minLength: 1, maxLength: 200 })
  @Field(() => String)
  override name!: string;

  @ApiProperty({ example: 10, minimum: 0 })
  @Field(() => Int)
  override quantity!: number;
}

export class RestockBody extends PickType(RestockDto, ['quantity'] as const) {
  @ApiProperty({ example: 5, minimum: 1 })
  override quantity!: number;
}

export class ListItemsQuery extends PickType(ListItemsQueryDto, ['limit', 'cursor'] as const) {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  override limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  override cursor?: string;
}
