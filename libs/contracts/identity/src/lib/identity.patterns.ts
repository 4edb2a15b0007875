/** Message patterns of the identity services (request/response over TCP or NATS). */
export const IdentityCommands = {
  createUser: 'identity.createUser',
  updateUser: 'identity.updateUser',
  deleteUser: 'identity.deleteUser',
  login: 'identity.login',
  createRole: 'identity.createRole',
  updateRole: 'identity.updateRole',
  deleteRole: 'identity.deleteRole',
  assignRole: 'identity.assignRole',
  unassignRole: 'identity.unassignRole',
} as const;

export const IdentityQueries = {
  getUser: 'identity.getUser',
  listUsers: 'identity.listUsers',
  getRole: 'identity.getRole',
  listRoles: 'identity.listRoles',
  /** Readiness of the query side (projection lag / stall), terminus-style result. */
  health: 'identity.health',
} as const;

/**
 * Reply to every command. Revision and position are decimal strings (they are 64-bit);
 * pass `position` as `minPosition` to a query to read your own write.
 */
export interface CommandReply {
  id: string;
  revision: string | null;
  position: string | null;
}

export interface LoginReply extends CommandReply {
  userId: string;
  email: string;
  name: string;
}

/** How an error travels back over RPC. */
export interface RpcErrorPayload {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}
