import { isAdmin, type AuthUser } from '../http/gateway-request';
import type { OrderScope } from './ordering.client';

/** Admins see every order; anyone else only their own (another's reads as ORDER_NOT_FOUND). */
export const orderScopeOf = (user: AuthUser): OrderScope => (isAdmin(user) ? {} : { customerId: user.id });

/** Who cancels: an admin any order, a customer only their own. */
export const cancellerOf = (user: AuthUser): { requestedBy: string; by: 'customer' | 'admin' } => ({
  requestedBy: user.id,
  by: isAdmin(user) ? 'admin' : 'customer',
});
