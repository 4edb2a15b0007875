import { Injectable } from '@nestjs/common';
import type { Page, RoleView, UserView } from '@chronicle/identity-contracts';
import { keysetPaging, Projections } from '@chronicle/projections';
import type { EntityManager } from 'typeorm';
import { IDENTITY_PROJECTION } from './identity.projection';

interface UserRow {
  id: string;
  email: string;
  name: string;
  revision: string;
  created_at: Date;
  updated_at: Date;
  last_login_at: Date | null;
  roles: { id: string; name: string }[];
}

interface RoleRow {
  id: string;
  name: string;
  permissions: string[];
  member_count: number;
  revision: string;
  created_at: Date;
  updated_at: Date;
}

const USER_COLUMNS = `u.id, u.email, u.name, u.revision::text AS revision, u.created_at, u.updated_at, u.last_login_at,
  coalesce((SELECT json_agg(json_build_object('id', r.id, 'name', r.name) ORDER BY r.name)
            FROM user_roles ur JOIN roles r ON r.id = ur.role_id AND NOT r.deleted WHERE ur.user_id = u.id), '[]') AS roles`;

const ROLE_COLUMNS = `r.id, r.name, r.permissions, r.revision::text AS revision, r.created_at, r.updated_at,
  (SELECT count(*)::int FROM user_roles ur WHERE ur.role_id = r.id) AS member_count`;

const toUser = (row: UserRow): UserView => ({
  id: row.id,
  email: row.email,
  name: row.name,
  roles: row.roles,
  revision: row.revision,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  lastLoginAt: row.last_login_at?.toISOString() ?? null,
});

const toRole = (row: RoleRow): RoleView => ({
  id: row.id,
  name: row.name,
  permissions: row.permissions,
  memberCount: row.member_count,
  revision: row.revision,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export interface UserFilter {
  limit: number;
  cursor?: string;
  email?: string;
  role?: string;
}

/** Reads of the identity read model, each in one consistent snapshot of its active version. */
@Injectable()
export class IdentityReadModel {
  constructor(private readonly projections: Projections) {}

  private read<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.projections.withReadModel(IDENTITY_PROJECTION, fn);
  }

  getUser(id: string): Promise<UserView | undefined> {
    return this.read(async (m) => {
      const rows: UserRow[] = await m.query(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1 AND NOT u.deleted`, [id]);
      return rows[0] && toUser(rows[0]);
    });
  }

  /** In creation order, a keyset page at a time; InvalidCursorError for a cursor that is not one of ours. */
  listUsers(filter: UserFilter): Promise<Page<UserView>> {
    const after = keysetPaging.decode(filter.cursor, 2);
    return this.read(async (m) => {
      const rows: UserRow[] = await m.query(
        `SELECT ${USER_COLUMNS} FROM users u
         WHERE NOT u.deleted
           AND ($1::timestamptz IS NULL OR (u.created_at, u.id) > ($1::timestamptz, $2::uuid))
           AND ($3::text IS NULL OR u.email_lower LIKE replace(replace(replace(lower($3), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')
           AND ($4::text IS NULL OR EXISTS (
             SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id AND NOT r.deleted
             WHERE ur.user_id = u.id AND (r.id::text = $4 OR lower(r.name) = lower($4))))
         ORDER BY u.created_at, u.id LIMIT $5`,
        [after?.[0] ?? null, after?.[1] ?? null, filter.email ?? null, filter.role ?? null, filter.limit + 1],
      );
      return keysetPaging.page(rows, filter.limit, (row) => [row.created_at.toISOString(), row.id], toUser);
    });
  }

  getRole(id: string): Promise<RoleView | undefined> {
    return this.read(async (m) => {
      const rows: RoleRow[] = await m.query(`SELECT ${ROLE_COLUMNS} FROM roles r WHERE r.id = $1 AND NOT r.deleted`, [id]);
      return rows[0] && toRole(rows[0]);
    });
  }

  listRoles(): Promise<Page<RoleView>> {
    return this.read(async (m) => {
      const rows: RoleRow[] = await m.query(`SELECT ${ROLE_COLUMNS} FROM roles r WHERE NOT r.deleted ORDER BY lower(r.name), r.id`);
      return { items: rows.map(toRole), nextCursor: null };
    });
  }
}
