import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// What the gateway answers, described once for both GraphQL (@Field) and OpenAPI (@ApiProperty).

export class RoleRefModel {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

@ObjectType('Role')
export class RoleModel {
  @ApiProperty({ format: 'uuid' }) @Field(() => ID) id!: string;
  @ApiProperty() @Field() name!: string;
  @ApiProperty({ type: [String] }) @Field(() => [String]) permissions!: string[];
  @ApiProperty() @Field(() => Int) memberCount!: number;
  @ApiProperty({ description: 'Stream revision: the ETag' }) @Field({ description: 'Stream revision: pass it as expectedRevision' }) revision!: string;
  @ApiProperty({ format: 'date-time' }) @Field() createdAt!: string;
  @ApiProperty({ format: 'date-time' }) @Field() updatedAt!: string;
}

@ObjectType('User')
export class UserModel {
  @ApiProperty({ format: 'uuid' }) @Field(() => ID) id!: string;
  @ApiProperty() @Field() email!: string;
  @ApiProperty() @Field() name!: string;
  /** REST shows role references; GraphQL resolves whole roles (UsersResolver.roles). */
  @ApiProperty({ type: [RoleRefModel] }) roles!: RoleRefModel[];
  @ApiProperty({ description: 'Stream revision: the ETag' }) @Field({ description: 'Stream revision: pass it as expectedRevision' }) revision!: string;
  @ApiProperty({ format: 'date-time' }) @Field() createdAt!: string;
  @ApiProperty({ format: 'date-time' }) @Field() updatedAt!: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) @Field(() => String, { nullable: true }) lastLoginAt!: string | null;
}

@ObjectType('UserPage')
export class UserPageModel {
  @ApiProperty({ type: [UserModel] }) @Field(() => [UserModel]) items!: UserModel[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor (GraphQL: after) for the next page' })
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page' })
  nextCursor!: string | null;
}

export class RolePageModel {
  @ApiProperty({ type: [RoleModel] }) items!: RoleModel[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

@ObjectType('CommandResult')
export class CommandResultModel {
  @ApiProperty({ format: 'uuid' }) @Field(() => ID) id!: string;
  @ApiProperty({ type: String, nullable: true }) @Field(() => String, { nullable: true }) revision!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Send as X-Min-Position to read your own write; null when nothing changed' })
  @Field(() => String, { nullable: true, description: 'Pass as minPosition to read your own write; null when nothing changed' })
  position!: string | null;
}

@ObjectType('AccessToken')
export class AccessTokenModel {
  @ApiProperty() @Field() accessToken!: string;
  @ApiProperty({ description: 'Seconds until the token expires' }) @Field(() => Int, { description: 'Seconds until the token expires' }) expiresIn!: number;
}

/** RFC 9457 problem details, as every error is answered. */
export class ProblemModel {
  @ApiProperty({ example: 'urn:chronicle:problem:user-email-taken' }) type!: string;
  @ApiProperty({ example: 'Conflict' }) title!: string;
  @ApiProperty({ example: 409 }) status!: number;
  @ApiProperty() detail!: string;
  @ApiProperty({ example: 'USER_EMAIL_TAKEN' }) code!: string;
  @ApiProperty() correlationId!: string;
}
