import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';

const REVISION = /^(0|[1-9][0-9]{0,18})$/;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/**
 * The field may be left out; `null` is validated like any other value and refused (class-validator's
 * IsOptional would let it through to the handler as if it were a value).
 */
const Omittable = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** Every command carries a client-chosen id: sending it again returns the first result. */
export abstract class IdentityCommandDto {
  @IsUUID()
  commandId!: string;

  /** Optional: continues the caller's correlation id across the hop. */
  @Omittable()
  @IsString()
  @MaxLength(128)
  correlationId?: string;
}

abstract class WithExpectedRevision extends IdentityCommandDto {
  /** Optimistic concurrency: the revision the caller saw (decimal string); stale → WRONG_EXPECTED_REVISION. */
  @Omittable()
  @Matches(REVISION, { message: 'expectedRevision must be a non-negative integer string' })
  expectedRevision?: string;
}

export class CreateUserDto extends IdentityCommandDto {
  /** Optional; derived from commandId when absent, so a retried create makes the same user. */
  @Omittable()
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

  @Omittable()
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @Omittable()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name?: string;

  @Omittable()
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
  @Omittable()
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

  @Omittable()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name?: string;

  @Omittable()
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
