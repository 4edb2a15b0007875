import { Field, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GraphQLScalarType } from 'graphql';
import type { JsonValue } from '@chronicle/event-store';

/** Any JSON value, passed through as is (event data). */
export const JsonScalar = new GraphQLScalarType<JsonValue, JsonValue>({
  name: 'JSON',
  description: 'A JSON value',
  serialize: (value) => value as JsonValue,
});

@ObjectType('SagaEvent')
export class SagaEventModel {
  @ApiProperty({ format: 'uuid' }) @Field() eventId!: string;
  @ApiProperty({ description: 'Global position in the event store' }) @Field() position!: string;
  @ApiProperty({ example: 'order-0190...' }) @Field() streamId!: string;
  @ApiProperty() @Field() revision!: string;
  @ApiProperty({ example: 'StockReserved' }) @Field() type!: string;
  @ApiProperty({ format: 'date-time' }) @Field() recordedAt!: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The id of the event (or command) this one reacted to' })
  @Field(() => String, { nullable: true })
  causationId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) @Field(() => JsonScalar) data!: JsonValue;
}

@ObjectType('SagaTimeline')
export class SagaTimelineModel {
  @ApiProperty() @Field() correlationId!: string;
  @ApiProperty({ type: [SagaEventModel] }) @Field(() => [SagaEventModel]) events!: SagaEventModel[];
}
