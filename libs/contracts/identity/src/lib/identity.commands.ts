import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';

const REVISION = /^(0|[1-9][0-9]{0,18})$/;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Every command carries a client-chosen id: sending it again returns the first result. */
export abstract class IdentityCommandDto {
  @IsUUID()
  commandId!: string;

  /** Optional: continues the caller's correlation id across the hop. */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  correlationId?: string;
}

abstract class WithExpectedRevision extends IdentityCommandDto {
  /** Optimistic concurrency: the revision the caller saw (decimal string); stale → WRONG_EXPECTED_REVISION. */
  @IsOptional()
  @Matches(REVISION, { message: 'expectedRevision must be a non-negative integer string' })
  expectedRevision?: string;
}

export class CreateUserDto extends IdentityCommandDto {
  /** Optional; derived from commandId when absent, so a retried create makes the same user. */
  @IsOptional()
  @IsUUID()
  userId?: string;

  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name!: string;

  @IsString()
  @Length(8, 128)
  password!: string;
}

export class UpdateUserDto extends WithExpectedRevision {
  @IsUUID()
  userId!: string;

  @IsOptional()
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name?: string;

  @IsOptional()
  @IsString()
  @Length(8, 128)
  password?: string;
}

export class DeleteUserDto extends WithExpectedRevision {
  @IsUUID()
  userId!: string;
}

export class LoginDto extends IdentityCommandDto {
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsString()
  @MaxLength(128)
  password!: string;
}

export class CreateRoleDto extends IdentityCommandDto {
  @IsOptional()
  @IsUUID()
  roleId?: string;

  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name!: string;

  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  permissions!: string[];
}

export class UpdateRoleDto extends WithExpectedRevision {
  @IsUUID()
  roleId!: string;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  permissions?: string[];
}

export class DeleteRoleDto extends WithExpectedRevision {
  @IsUUID()
  roleId!: string;
}

export class RoleAssignmentDto extends IdentityCommandDto {
  @IsUUID()
  roleId!: string;

  @IsUUID()
  userId!: string;
}
