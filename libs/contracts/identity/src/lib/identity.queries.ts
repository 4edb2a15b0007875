import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

const POSITION = /^(0|[1-9][0-9]{0,18})$/;

/** Every query may ask to see at least the writes up to a position (read-your-writes). */
export abstract class IdentityQueryDto {
  /** A `position` from a command reply: the query waits (bounded) until the read model has reached it. */
  @IsOptional()
  @Matches(POSITION, { message: 'minPosition must be a non-negative integer string' })
  minPosition?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  correlationId?: string;
}

export class GetUserQueryDto extends IdentityQueryDto {
  @IsUUID()
  userId!: string;
}

export class ListUsersQueryDto extends IdentityQueryDto {
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  /** Opaque cursor from a previous page's `nextCursor`. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  /** Case-insensitive email prefix. */
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email?: string;

  /** Role id or role name. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  role?: string;
}

export class GetRoleQueryDto extends IdentityQueryDto {
  @IsUUID()
  roleId!: string;
}

export class ListRolesQueryDto extends IdentityQueryDto {}

export interface RoleRef {
  id: string;
  name: string;
}

/** A user as the query side shows it. Timestamps are ISO-8601; revision a decimal string. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  roles: RoleRef[];
  revision: string;
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
}

export interface RoleView {
  id: string;
  name: string;
  permissions: string[];
  memberCount: number;
  revision: string;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
