import { z } from 'zod';

/**
 * The identity context's published events. Every type has a schema version; a change to a
 * payload bumps it and adds an upcaster (see docs/events.catalog.json).
 */
const id = z.string().uuid();
const email = z.string().email().max(254);

export const userCreatedSchema = z.object({
  userId: id,
  email,
  name: z.string().min(1).max(200),
  passwordHash: z.string().min(1),
});
export const userUpdatedSchema = z.object({
  userId: id,
  email: email.optional(),
  name: z.string().min(1).max(200).optional(),
  passwordHash: z.string().min(1).optional(),
});
export const userDeletedSchema = z.object({ userId: id });
export const userLoggedInSchema = z.object({ userId: id, at: z.string().datetime() });
export const roleCreatedSchema = z.object({ roleId: id, name: z.string().min(1).max(100), permissions: z.array(z.string().min(1).max(100)) });
export const roleUpdatedSchema = z.object({
  roleId: id,
  name: z.string().min(1).max(100).optional(),
  permissions: z.array(z.string().min(1).max(100)).optional(),
});
export const roleDeletedSchema = z.object({ roleId: id });
export const roleAssignedToUserSchema = z.object({ roleId: id, userId: id });
export const roleUnassignedFromUserSchema = z.object({ roleId: id, userId: id });

export type UserCreated = { type: 'UserCreated'; data: z.infer<typeof userCreatedSchema> };
export type UserUpdated = { type: 'UserUpdated'; data: z.infer<typeof userUpdatedSchema> };
export type UserDeleted = { type: 'UserDeleted'; data: z.infer<typeof userDeletedSchema> };
export type UserLoggedIn = { type: 'UserLoggedIn'; data: z.infer<typeof userLoggedInSchema> };
export type RoleCreated = { type: 'RoleCreated'; data: z.infer<typeof roleCreatedSchema> };
export type RoleUpdated = { type: 'RoleUpdated'; data: z.infer<typeof roleUpdatedSchema> };
export type RoleDeleted = { type: 'RoleDeleted'; data: z.infer<typeof roleDeletedSchema> };
export type RoleAssignedToUser = { type: 'RoleAssignedToUser'; data: z.infer<typeof roleAssignedToUserSchema> };
export type RoleUnassignedFromUser = { type: 'RoleUnassignedFromUser'; data: z.infer<typeof roleUnassignedFromUserSchema> };

/** Events of a user stream (`user-<id>`). */
export type UserEvent = UserCreated | UserUpdated | UserDeleted | UserLoggedIn;
/** Events of a role stream (`role-<id>`); assignments live with the role, so deleting it unassigns atomically. */
export type RoleEvent = RoleCreated | RoleUpdated | RoleDeleted | RoleAssignedToUser | RoleUnassignedFromUser;
export type IdentityEvent = UserEvent | RoleEvent;

const producer = 'identity-command';

/** Registrations for the event registry (structurally `EventRegistration` of @chronicle/event-sourcing). */
export const identityEvents = [
  { type: 'UserCreated', schemaVersion: 1, schema: userCreatedSchema, producer, description: 'A user signed up or was created by an admin' },
  { type: 'UserUpdated', schemaVersion: 1, schema: userUpdatedSchema, producer, description: 'Only the changed fields are present' },
  { type: 'UserDeleted', schemaVersion: 1, schema: userDeletedSchema, producer },
  { type: 'UserLoggedIn', schemaVersion: 1, schema: userLoggedInSchema, producer },
  { type: 'RoleCreated', schemaVersion: 1, schema: roleCreatedSchema, producer },
  { type: 'RoleUpdated', schemaVersion: 1, schema: roleUpdatedSchema, producer, description: 'Only the changed fields are present' },
  { type: 'RoleDeleted', schemaVersion: 1, schema: roleDeletedSchema, producer, description: 'Preceded, in the same append, by RoleUnassignedFromUser for every member' },
  { type: 'RoleAssignedToUser', schemaVersion: 1, schema: roleAssignedToUserSchema, producer },
  { type: 'RoleUnassignedFromUser', schemaVersion: 1, schema: roleUnassignedFromUserSchema, producer },
] as const;
