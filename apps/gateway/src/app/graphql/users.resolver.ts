import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { CommandReply, Page, RoleView, UserView } from '@chronicle/identity-contracts';
import { AdminOnly, CurrentUser } from '../auth/auth.decorators';
import { GatewayError, GatewayErrorCodes } from '../http/gateway-error';
import { isAdmin, type AuthUser } from '../http/gateway-request';
import { Call } from '../http/call-context.decorator';
import { IdentityClient, type CallContext } from '../identity/identity.client';
import { CreateUserBody, UpdateUserBody } from '../users/user.bodies';
import type { GraphqlContext } from './graphql-context';
import { CommandResultModel, RoleModel, UserModel, UserPageModel } from '../identity/identity.models';
import { pageComplexity, PositionArg, RevisionArg } from './graphql.args';

@Resolver(() => UserModel)
export class UsersResolver {
  constructor(private readonly identity: IdentityClient) {}

  @Query(() => UserModel, { description: 'Admins: anyone; others: themselves' })
  async user(
    @Args('id', { type: () => ID }) id: string,
    @PositionArg() minPosition: string | undefined,
    @CurrentUser() user: AuthUser,
    @Call() call: CallContext,
  ): Promise<UserView> {
    if (!isAdmin(user) && user.id !== id) throw new GatewayError(GatewayErrorCodes.FORBIDDEN, 403, 'You may read only yourself');
    return this.identity.getUser(id, call, minPosition);
  }

  @Query(() => UserPageModel, { complexity: pageComplexity })
  @AdminOnly()
  users(
    @Args('first', { type: () => Int, nullable: true }) first: number | undefined,
    @Args('after', { type: () => String, nullable: true }) after: string | undefined,
    @Args('email', { type: () => String, nullable: true }) email: string | undefined,
    @Args('role', { type: () => String, nullable: true }) role: string | undefined,
    @PositionArg() minPosition: string | undefined,
    @Call() call: CallContext,
  ): Promise<Page<UserView>> {
    return this.identity.listUsers({ limit: first ?? undefined, cursor: after ?? undefined, email: email ?? undefined, role: role ?? undefined }, call, minPosition);
  }

  @ResolveField('roles', () => [RoleModel])
  async roles(@Parent() user: UserView, @Context() { loaders }: GraphqlContext): Promise<RoleView[]> {
    const roles = await loaders.roles.loadMany(user.roles.map((role) => role.id));
    return roles.filter((role): role is RoleView => !!role && !(role instanceof Error));
  }

  @Mutation(() => CommandResultModel)
  @AdminOnly()
  createUser(@Args('input') input: CreateUserBody, @Call() call: CallContext): Promise<CommandReply> {
    return this.identity.command('createUser', input, call);
  }

  @Mutation(() => CommandResultModel)
  @AdminOnly()
  updateUser(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateUserBody,
    @RevisionArg() expectedRevision: string | undefined,
    @Call() call: CallContext,
  ): Promise<CommandReply> {
    return this.identity.command('updateUser', { ...input, userId: id, expectedRevision }, call);
  }

  @Mutation(() => CommandResultModel)
  @AdminOnly()
  deleteUser(@Args('id', { type: () => ID }) id: string, @RevisionArg() expectedRevision: string | undefined, @Call() call: CallContext): Promise<CommandReply> {
    return this.identity.command('deleteUser', { userId: id, expectedRevision }, call);
  }

  @Mutation(() => CommandResultModel, { description: 'Assigning a role twice changes nothing (position null)' })
  @AdminOnly()
  assignRole(@Args('userId', { type: () => ID }) userId: string, @Args('roleId', { type: () => ID }) roleId: string, @Call() call: CallContext): Promise<CommandReply> {
    return this.identity.command('assignRole', { userId, roleId }, call);
  }

  @Mutation(() => CommandResultModel)
  @AdminOnly()
  unassignRole(@Args('userId', { type: () => ID }) userId: string, @Args('roleId', { type: () => ID }) roleId: string, @Call() call: CallContext): Promise<CommandReply> {
    return this.identity.command('unassignRole', { userId, roleId }, call);
  }
}
