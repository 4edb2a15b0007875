import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';

// What the gateway answers about stock, described once for GraphQL (@Field) and OpenAPI (@ApiProperty).

@ObjectType('Item')
export class ItemModel {
  @ApiProperty({ example: 'sku-1' }) @Field() sku!: string;
  @ApiProperty() @Field() name!: string;
  @ApiProperty({ description: 'Units that can still be reserved' }) @Field(() => Int) available!: number;
  @ApiProperty({ description: 'Units held by pending or confirmed orders' }) @Field(() => Int) reserved!: number;
  @ApiProperty({ description: 'Changes to this item so far: the ETag' }) @Field() revision!: string;
  @ApiProperty({ format: 'date-time' }) @Field() updatedAt!: string;
}

@ObjectType('ItemPage')
export class ItemPageModel {
  @ApiProperty({ type: [ItemModel] }) @Field(() => [ItemModel]) items!: ItemModel[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor (GraphQL: after) for the next page' })
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page' })
  nextCursor!: string | null;
}

@ObjectType('InventoryCommandResult')
export class InventoryCommandResultModel {
  @ApiProperty() @Field() sku!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Revision of the warehouse stream' })
  @Field(() => String, { nullable: true, description: 'Revision of the warehouse stream' })
  revision!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Send as X-Min-Position to read your own write; null when nothing changed' })
  @Field(() => String, { nullable: true, description: 'Pass as minPosition to read your own write; null when nothing changed' })
  position!: string | null;
}
