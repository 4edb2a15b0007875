import type { Request } from 'express';

/** Who made the request, as the access token says. */
export interface AuthUser {
  id: string;
  email: string;
  roles: string[];
}

/** The Express request as the gateway's middleware leaves it. */
export interface GatewayRequest extends Request {
  correlationId: string;
  user?: AuthUser;
  /** Set by the idempotency interceptor: derived from the Idempotency-Key, so a retried command is the same command. */
  commandId?: string;
}

/** The role that may do everything; the gateway makes sure CHRONICLE_ADMIN_EMAIL holds it. */
export const ADMIN_ROLE = 'admin';

export const isAdmin = (user: AuthUser | undefined): boolean => user?.roles.includes(ADMIN_ROLE) ?? false;
