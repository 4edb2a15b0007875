import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { CommandReply, RoleView, UserView } from '@chronicle/identity-contracts';
import { AdminOnly } from '../auth/auth.decorators';
import { Call } from '../http/call-context.decorator';
import { IdentityClient, type CallContext } from '../identity/identity.client';
import { CreateRoleBody, UpdateRoleBody } from '../roles/role.bodies';
import type { GraphqlContext } from './graphql-context';
import { pageComplexity, PositionArg, RevisionArg } from './graphql.args';
import { CommandResultModel, RoleModel, UserModel } from '../identity/identity.models';

/** Roles are administration: every field needs the admin role. */
@Resolver(() => RoleModel)
@AdminOnly()
export class RolesResolver {
  constructor(private readonly identity: IdentityClient) {}

  @Query(() => RoleModel)
  role(@Args('id', { type: () => ID }) id: string, @PositionArg() minPosition: string | undefined, @Call() call: CallContext): Promise<RoleView> {
    return this.identity.getRole(id, call, minPosition);
  }

  @Query(() => [RoleModel], { complexity: pageComplexity })
  async roles(@PositionArg() minPosition: string | undefined, @Call() call: CallContext): Promise<RoleView[]> {
    return (await this.identity.listRoles(call, minPosition)).items;
  }

  @ResolveField('members', () => [UserModel], { complexity: pageComplexity, description: 'The first 20 members' })
  members(@Parent() role: RoleView, @Context() { loaders }: GraphqlContext): Promise<UserView[]> {
    return loaders.members.load(role.id);
  }

  @Mutation(() => CommandResultModel)
  createRole(@Args('input') input: CreateRoleBody, @Call() call: CallContext): Promise<CommandReply> {
    return this.identity.command('createRole', input, call);
  }

  @Mutation(() => CommandResultModel)
  updateRole(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateRoleBody,
    @RevisionArg() expectedRevision: string | undefined,
    @Call() call: CallContext,
  ): Promise<CommandReply> {
    return this.identity.command('updateRole', { ...input, roleId: id, expectedRevision }, call);
  }

  @Mutation(() => CommandResultModel)
  deleteRole(@Args('id', { type: () => ID }) id: string, @RevisionArg() expectedRevision: string | undefined, @Call() call: CallContext): Promise<CommandReply> {
    return this.identity.command('deleteRole', { roleId: id, expectedRevision }, call);
  }
}
