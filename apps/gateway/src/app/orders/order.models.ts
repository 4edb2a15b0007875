import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ORDER_STATUSES } from '@chronicle/ordering-contracts';

// What the gateway answers about orders, described once for GraphQL (@Field) and OpenAPI (@ApiProperty).

@ObjectType('OrderLine')
export class OrderLineModel {
  @ApiProperty({ example: 'sku-1' }) @Field() sku!: string;
  @ApiProperty({ example: 1 }) @Field(() => Int) quantity!: number;
}

@ObjectType('Order')
export class OrderModel {
  @ApiProperty({ format: 'uuid' }) @Field(() => ID) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The user who placed it' }) @Field(() => ID) customerId!: string;
  @ApiProperty({ enum: ORDER_STATUSES }) @Field({ description: ORDER_STATUSES.join(' | ') }) status!: string;
  @ApiProperty({ type: [OrderLineModel] }) @Field(() => [OrderLineModel]) lines!: OrderLineModel[];
  @ApiPropertyOptional({ example: 'STOCK_INSUFFICIENT: sku-1', description: 'Why it was rejected' })
  @Field(() => String, { nullable: true, description: 'Why it was rejected' })
  reason?: string;
  @ApiProperty({ description: 'Stream revision: the ETag' }) @Field() revision!: string;
  @ApiProperty({ format: 'date-time' }) @Field() placedAt!: string;
  @ApiProperty({ format: 'date-time' }) @Field() updatedAt!: string;
}

@ObjectType('OrderPage')
export class OrderPageModel {
  @ApiProperty({ type: [OrderModel] }) @Field(() => [OrderModel]) items!: OrderModel[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor (GraphQL: after) for the next page' })
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page' })
  nextCursor!: string | null;
}

@ObjectType('OrderCommandResult')
export class OrderCommandResultModel {
  @ApiProperty({ format: 'uuid' }) @Field(() => ID) orderId!: string;
  @ApiProperty({ type: String, nullable: true }) @Field(() => String, { nullable: true }) revision!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Send as X-Min-Position to read your own write; null when nothing changed' })
  @Field(() => String, { nullable: true, description: 'Pass as minPosition to read your own write; null when nothing changed' })
  position!: string | null;
  @ApiProperty({ description: 'Every event of this order’s saga carries it: GET /sagas/{correlationId}' })
  @Field({ description: 'Every event of this order’s saga carries it: sagaTimeline(correlationId)' })
  correlationId!: string;
}
