import DataLoader from 'dataloader';
import type { RoleView, UserView } from '@chronicle/identity-contracts';
import type { CallContext, IdentityClient } from '../identity/identity.client';

/** Per-request batching and caching, so a page of users with their roles costs one role query, not one per user. */
export interface IdentityLoaders {
  roles: DataLoader<string, RoleView | null>;
  members: DataLoader<string, UserView[]>;
}

const MEMBERS_PAGE = 20;

export function createIdentityLoaders(identity: IdentityClient, context: CallContext): IdentityLoaders {
  return {
    roles: new DataLoader(async (ids) => {
      const byId = new Map((await identity.listRoles(context)).items.map((role) => [role.id, role]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    // No batch query for members of several roles exists; the loader still removes repeats within a request.
    members: new DataLoader(
      (roleIds) => Promise.all(roleIds.map(async (role) => (await identity.listUsers({ role, limit: MEMBERS_PAGE }, context)).items)),
      { batch: false },
    ),
  };
}
