import { z } from 'zod';
import type { RoleAssignedToUser, RoleCreated, RoleDeleted, RoleUnassignedFromUser, RoleUpdated, UserCreated, UserDeleted, UserUpdated } from './identity.events';

/**
 * What identity publishes to other contexts (NATS JetStream, `chronicle.identity.<Type>`).
 * Domain events stay private: only the types listed here leave the context, each mapped to a
 * published shape that carries no secret (no password hash) and can evolve on its own version.
 */
const id = z.string().uuid();

export const userCreatedIntegrationSchema = z.object({ userId: id, email: z.string().email(), name: z.string() });
export const userUpdatedIntegrationSchema = z.object({ userId: id, email: z.string().email().optional(), name: z.string().optional() });
export const userDeletedIntegrationSchema = z.object({ userId: id });
export const roleCreatedIntegrationSchema = z.object({ roleId: id, name: z.string(), permissions: z.array(z.string()) });
export const roleUpdatedIntegrationSchema = z.object({ roleId: id, name: z.string().optional(), permissions: z.array(z.string()).optional() });
export const roleDeletedIntegrationSchema = z.object({ roleId: id });
export const roleAssignmentIntegrationSchema = z.object({ roleId: id, userId: id });

export type UserCreatedIntegrationEvent = z.infer<typeof userCreatedIntegrationSchema>;
export type UserUpdatedIntegrationEvent = z.infer<typeof userUpdatedIntegrationSchema>;
export type UserDeletedIntegrationEvent = z.infer<typeof userDeletedIntegrationSchema>;
export type RoleCreatedIntegrationEvent = z.infer<typeof roleCreatedIntegrationSchema>;
export type RoleUpdatedIntegrationEvent = z.infer<typeof roleUpdatedIntegrationSchema>;
export type RoleDeletedIntegrationEvent = z.infer<typeof roleDeletedIntegrationSchema>;
export type RoleAssignmentIntegrationEvent = z.infer<typeof roleAssignmentIntegrationSchema>;

const withoutUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/**
 * Domain type -> published shape, structurally an `IntegrationEventMapping` of @chronicle/messaging
 * (contracts import no platform lib). An object, not an array: `events:check` reads exported arrays
 * as registrations, and these are not. `publish` returning undefined publishes nothing (a password
 * change is nobody else's business).
 */
export const identityIntegrationEvents = {
  context: 'identity',
  events: {
    UserCreated: {
      schemaVersion: 1,
      schema: userCreatedIntegrationSchema,
      publish: (d: UserCreated['data']): UserCreatedIntegrationEvent => ({ userId: d.userId, email: d.email, name: d.name }),
    },
    UserUpdated: {
      schemaVersion: 1,
      schema: userUpdatedIntegrationSchema,
      publish: (d: UserUpdated['data']): UserUpdatedIntegrationEvent | undefined =>
        d.email === undefined && d.name === undefined ? undefined : withoutUndefined({ userId: d.userId, email: d.email, name: d.name }),
    },
    UserDeleted: {
      schemaVersion: 1,
      schema: userDeletedIntegrationSchema,
      publish: (d: UserDeleted['data']): UserDeletedIntegrationEvent => ({ userId: d.userId }),
    },
    RoleCreated: {
      schemaVersion: 1,
      schema: roleCreatedIntegrationSchema,
      publish: (d: RoleCreated['data']): RoleCreatedIntegrationEvent => ({ roleId: d.roleId, name: d.name, permissions: [...d.permissions] }),
    },
    RoleUpdated: {
      schemaVersion: 1,
      schema: roleUpdatedIntegrationSchema,
      publish: (d: RoleUpdated['data']): RoleUpdatedIntegrationEvent =>
        withoutUndefined({ roleId: d.roleId, name: d.name, permissions: d.permissions && [...d.permissions] }),
    },
    RoleDeleted: {
      schemaVersion: 1,
      schema: roleDeletedIntegrationSchema,
      publish: (d: RoleDeleted['data']): RoleDeletedIntegrationEvent => ({ roleId: d.roleId }),
    },
    RoleAssignedToUser: {
      schemaVersion: 1,
      schema: roleAssignmentIntegrationSchema,
      publish: (d: RoleAssignedToUser['data']): RoleAssignmentIntegrationEvent => ({ roleId: d.roleId, userId: d.userId }),
    },
    RoleUnassignedFromUser: {
      schemaVersion: 1,
      schema: roleAssignmentIntegrationSchema,
      publish: (d: RoleUnassignedFromUser['data']): RoleAssignmentIntegrationEvent => ({ roleId: d.roleId, userId: d.userId }),
    },
  },
} as const;
