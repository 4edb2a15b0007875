import type { RecordedEvent } from '@chronicle/event-store';
import { identityEvents, type IdentityEvent } from '@chronicle/identity-contracts';
import { Projection } from '@chronicle/projections';
import type { EntityManager } from 'typeorm';

export const IDENTITY_PROJECTION = 'identity';

const handles: IdentityEvent['type'][] = [
  'UserCreated',
  'UserUpdated',
  'UserDeleted',
  'UserLoggedIn',
  'RoleCreated',
  'RoleUpdated',
  'RoleDeleted',
  'RoleAssignedToUser',
  'RoleUnassignedFromUser',
];

/**
 * Users with their roles, roles with their members, and login history. One partition: role
 * assignments (role streams) and users (user streams) are applied in global order.
 * Tables are unqualified: the runtime points search_path at the version being built.
 */
@Projection({ name: IDENTITY_PROJECTION, handles, events: identityEvents })
export class IdentityProjection {
  async setup(manager: EntityManager): Promise<void> {
    await manager.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY, email text NOT NULL, email_lower text NOT NULL, name text NOT NULL,
        deleted boolean NOT NULL DEFAULT false, revision bigint NOT NULL,
        created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, last_login_at timestamptz);
      CREATE INDEX users_page ON users (created_at, id) WHERE NOT deleted;
      CREATE INDEX users_email ON users (email_lower text_pattern_ops) WHERE NOT deleted;
      CREATE TABLE roles (
        id uuid PRIMARY KEY, name text NOT NULL, permissions jsonb NOT NULL, deleted boolean NOT NULL DEFAULT false,
        revision bigint NOT NULL, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
      CREATE TABLE user_roles (user_id uuid NOT NULL, role_id uuid NOT NULL, PRIMARY KEY (user_id, role_id));
      CREATE INDEX user_roles_role ON user_roles (role_id);
      CREATE TABLE login_history (user_id uuid NOT NULL, at timestamptz NOT NULL, position bigint PRIMARY KEY);
    `);
  }

  async apply(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as IdentityEvent;
    const at = recorded.recordedAt;
    const revision = recorded.revision.toString();
    switch (event.type) {
      case 'UserCreated': {
        const d = event.data;
        await manager.query(
          `INSERT INTO users (id, email, email_lower, name, revision, created_at, updated_at) VALUES ($1, $2, lower($2), $3, $4, $5, $5)`,
          [d.userId, d.email, d.name, revision, at],
        );
        return;
      }
      case 'UserUpdated': {
        const d = event.data;
        await manager.query(
          `UPDATE users SET email = coalesce($2, email), email_lower = lower(coalesce($2, email)), name = coalesce($3, name),
             revision = $4, updated_at = $5 WHERE id = $1`,
          [d.userId, d.email ?? null, d.name ?? null, revision, at],
        );
        return;
      }
      case 'UserDeleted':
        await manager.query(`UPDATE users SET deleted = true, revision = $2, updated_at = $3 WHERE id = $1`, [event.data.userId, revision, at]);
        await manager.query(`DELETE FROM user_roles WHERE user_id = $1`, [event.data.userId]);
        return;
      case 'UserLoggedIn':
        await manager.query(`UPDATE users SET last_login_at = $2, revision = $3 WHERE id = $1`, [event.data.userId, event.data.at, revision]);
        await manager.query(`INSERT INTO login_history (user_id, at, position) VALUES ($1, $2, $3)`, [
          event.data.userId,
          event.data.at,
          recorded.position.toString(),
        ]);
        return;
      case 'RoleCreated':
        await manager.query(
          `INSERT INTO roles (id, name, permissions, revision, created_at, updated_at) VALUES ($1, $2, $3::jsonb, $4, $5, $5)`,
          [event.data.roleId, event.data.name, JSON.stringify(event.data.permissions), revision, at],
        );
        return;
      case 'RoleUpdated':
        await manager.query(
          `UPDATE roles SET name = coalesce($2, name), permissions = coalesce($3::jsonb, permissions), revision = $4, updated_at = $5 WHERE id = $1`,
          [event.data.roleId, event.data.name ?? null, event.data.permissions ? JSON.stringify(event.data.permissions) : null, revision, at],
        );
        return;
      case 'RoleDeleted':
        await manager.query(`UPDATE roles SET deleted = true, revision = $2, updated_at = $3 WHERE id = $1`, [event.data.roleId, revision, at]);
        return;
      case 'RoleAssignedToUser':
        await manager.query(`INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [event.data.userId, event.data.roleId]);
        await manager.query(`UPDATE roles SET revision = $2, updated_at = $3 WHERE id = $1`, [event.data.roleId, revision, at]);
        return;
      case 'RoleUnassignedFromUser':
        await manager.query(`DELETE FROM user_roles WHERE user_id = $1 AND role_id = $2`, [event.data.userId, event.data.roleId]);
        await manager.query(`UPDATE roles SET revision = $2, updated_at = $3 WHERE id = $1`, [event.data.roleId, revision, at]);
        return;
    }
  }
}
