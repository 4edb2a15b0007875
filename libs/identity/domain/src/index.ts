export { IdentityDomainError } from './lib/identity-domain.error';
export { userDecider, decideUser, evolveUser, initialUserState, normalizeEmail } from './lib/user.decider';
export type { UserCommand, UserState } from './lib/user.decider';
export { roleDecider, decideRole, evolveRole, initialRoleState, normalizeRoleName } from './lib/role.decider';
export type { AssigneeStatus, RoleCommand, RoleState } from './lib/role.decider';
