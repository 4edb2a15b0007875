export {
  identityEvents,
  userCreatedSchema,
  userUpdatedSchema,
  userDeletedSchema,
  userLoggedInSchema,
  roleCreatedSchema,
  roleUpdatedSchema,
  roleDeletedSchema,
  roleAssignedToUserSchema,
  roleUnassignedFromUserSchema,
} from './lib/identity.events';
export type {
  IdentityEvent,
  RoleAssignedToUser,
  RoleCreated,
  RoleDeleted,
  RoleEvent,
  RoleUnassignedFromUser,
  RoleUpdated,
  UserCreated,
  UserDeleted,
  UserEvent,
  UserLoggedIn,
  UserUpdated,
} from './lib/identity.events';
export { IdentityErrorCodes, identityErrorKinds } from './lib/identity.errors';
export type { IdentityErrorCode } from './lib/identity.errors';
export { IdentityCommands, IdentityQueries } from './lib/identity.patterns';
export type { CommandReply, LoginReply, RpcErrorPayload } from './lib/identity.patterns';
export {
  CreateRoleDto,
  CreateUserDto,
  DeleteRoleDto,
  DeleteUserDto,
  IdentityCommandDto,
  LoginDto,
  RoleAssignmentDto,
  UpdateRoleDto,
  UpdateUserDto,
} from './lib/identity.commands';
export { GetRoleQueryDto, GetUserQueryDto, IdentityQueryDto, ListRolesQueryDto, ListUsersQueryDto } from './lib/identity.queries';
export type { Page, RoleRef, RoleView, UserView } from './lib/identity.queries';
export {
  identityIntegrationEvents,
  roleAssignmentIntegrationSchema,
  roleCreatedIntegrationSchema,
  roleDeletedIntegrationSchema,
  roleUpdatedIntegrationSchema,
  userCreatedIntegrationSchema,
  userDeletedIntegrationSchema,
  userUpdatedIntegrationSchema,
} from './lib/identity.integration-events';
export type {
  RoleAssignmentIntegrationEvent,
  RoleCreatedIntegrationEvent,
  RoleDeletedIntegrationEvent,
  RoleUpdatedIntegrationEvent,
  UserCreatedIntegrationEvent,
  UserDeletedIntegrationEvent,
  UserUpdatedIntegrationEvent,
} from './lib/identity.integration-events';
