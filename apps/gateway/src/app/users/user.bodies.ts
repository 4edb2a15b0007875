import { Field, InputType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { CreateUserDto, ListUsersQueryDto } from '@chronicle/identity-contracts';

// The rules live with the published DTOs; the REST bodies (and GraphQL inputs) pick their fields (ids and command ids come from the gateway).

@InputType('CreateUserInput')
export class CreateUserBody extends PickType(CreateUserDto, ['email', 'name', 'password'] as const) {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @Field(() => String)
  override email!: string;

  @ApiProperty({ example: 'Ada Lovelace', minLength: 1, maxLength: 200 })
  @Field(() => String)
  override name!: string;

  @ApiProperty({ example: 'correct horse battery', minLength: 8, maxLength: 128, writeOnly: true })
  @Field(() => String)
  override password!: string;
}

@InputType('UpdateUserInput')
export class UpdateUserBody extends PartialType(PickType(CreateUserDto, ['email', 'name'] as const), { skipNullProperties: false }) {
  @ApiPropertyOptional({ example: 'ada@example.org', maxLength: 254 })
  @Field(() => String, { nullable: true })
  override email?: string;

  @ApiPropertyOptional({ example: 'Ada King', minLength: 1, maxLength: 200 })
  @Field(() => String, { nullable: true })
  override name?: string;
}

export class ListUsersQuery extends PickType(ListUsersQueryDto, ['limit', 'cursor', 'email', 'role'] as const) {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  override limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  override cursor?: string;

  @ApiPropertyOptional({ description: 'Case-insensitive email prefix' })
  override email?: string;

  @ApiPropertyOptional({ description: 'Role id or name' })
  override role?: string;
}
