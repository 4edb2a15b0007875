import type { Page, RoleView } from '@chronicle/identity-contracts';
import type { IdentityClient } from '../identity/identity.client';
import { createIdentityLoaders } from './identity.loaders';

const role = (id: string): RoleView => ({ id, name: id, permissions: [], memberCount: 0, revision: '0', createdAt: '', updatedAt: '' });

describe('identity loaders', () => {
  it('resolves the roles of a whole page of users with one query (no N+1)', async () => {
    const listRoles = jest.fn(async (): Promise<Page<RoleView>> => ({ items: [role('a'), role('b')], nextCursor: null }));
    const loaders = createIdentityLoaders({ listRoles } as unknown as IdentityClient, { correlationId: 'c' });
    const users = [['a'], ['a', 'b'], ['b', 'gone'], ['a']];
    const roles = await Promise.all(users.map((ids) => loaders.roles.loadMany(ids)));
    expect(listRoles).toHaveBeenCalledTimes(1);
    expect(roles[2]).toEqual([role('b'), null]);
  });
});
