import type {
  CreateRoleDto,
  CreateUserDto,
  DeleteRoleDto,
  DeleteUserDto,
  LoginDto,
  RoleAssignmentDto,
  UpdateRoleDto,
  UpdateUserDto,
} from '@chronicle/identity-contracts';

/** @nestjs/cqrs commands: one per message pattern, carrying the validated payload. */
export class CreateUserCommand {
  constructor(readonly dto: CreateUserDto) {}
}
export class UpdateUserCommand {
  constructor(readonly dto: UpdateUserDto) {}
}
export class DeleteUserCommand {
  constructor(readonly dto: DeleteUserDto) {}
}
export class LoginCommand {
  constructor(readonly dto: LoginDto) {}
}
export class CreateRoleCommand {
  constructor(readonly dto: CreateRoleDto) {}
}
export class UpdateRoleCommand {
  constructor(readonly dto: UpdateRoleDto) {}
}
export class DeleteRoleCommand {
  constructor(readonly dto: DeleteRoleDto) {}
}
export class AssignRoleCommand {
  constructor(readonly dto: RoleAssignmentDto) {}
}
export class UnassignRoleCommand {
  constructor(readonly dto: RoleAssignmentDto) {}
}
