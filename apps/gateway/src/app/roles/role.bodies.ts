import { Field, InputType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { CreateRoleDto } from '@chronicle/identity-contracts';

// The rules live with the published DTOs; the REST bodies (and GraphQL inputs) pick their fields.

@InputType('CreateRoleInput')
export class CreateRoleBody extends PickType(CreateRoleDto, ['name', 'permissions'] as const) {
  @ApiProperty({ example: 'auditor', minLength: 1, maxLength: 100 })
  @Field(() => String)
  override name!: string;

  @ApiProperty({ example: ['users:read'], type: [String], maxItems: 200 })
  @Field(() => [String])
  override permissions!: string[];
}

@InputType('UpdateRoleInput')
export class UpdateRoleBody extends PartialType(PickType(CreateRoleDto, ['name', 'permissions'] as const), { skipNullProperties: false }) {
  @ApiPropertyOptional({ example: 'auditors', minLength: 1, maxLength: 100 })
  @Field(() => String, { nullable: true })
  override name?: string;

  @ApiPropertyOptional({ example: ['users:read', 'roles:read'], type: [String], maxItems: 200 })
  @Field(() => [String], { nullable: true })
  override permissions?: string[];
}
