import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateRoleDto,
  CreateUserDto,
  DeleteRoleDto,
  DeleteUserDto,
  IdentityCommands,
  LoginDto,
  RoleAssignmentDto,
  UpdateRoleDto,
  UpdateUserDto,
  type CommandReply,
  type LoginReply,
} from '@chronicle/identity-contracts';
import {
  AssignRoleCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  DeleteUserCommand,
  LoginCommand,
  UnassignRoleCommand,
  UpdateRoleCommand,
  UpdateUserCommand,
} from './identity.commands';

/** The identity command service's message patterns: validate, then hand to the command bus. */
@Controller()
export class IdentityController {
  constructor(private readonly commands: CommandBus) {}

  @MessagePattern(IdentityCommands.createUser)
  createUser(@Payload() dto: CreateUserDto): Promise<CommandReply> {
    return this.commands.execute(new CreateUserCommand(dto));
  }

  @MessagePattern(IdentityCommands.updateUser)
  updateUser(@Payload() dto: UpdateUserDto): Promise<CommandReply> {
    return this.commands.execute(new UpdateUserCommand(dto));
  }

  @MessagePattern(IdentityCommands.deleteUser)
  deleteUser(@Payload() dto: DeleteUserDto): Promise<CommandReply> {
    return this.commands.execute(new DeleteUserCommand(dto));
  }

  @MessagePattern(IdentityCommands.login)
  login(@Payload() dto: LoginDto): Promise<LoginReply> {
    return this.commands.execute(new LoginCommand(dto));
  }

  @MessagePattern(IdentityCommands.createRole)
  createRole(@Payload() dto: CreateRoleDto): Promise<CommandReply> {
    return this.commands.execute(new CreateRoleCommand(dto));
  }

  @MessagePattern(IdentityCommands.updateRole)
  updateRole(@Payload() dto: UpdateRoleDto): Promise<CommandReply> {
    return this.commands.execute(new UpdateRoleCommand(dto));
  }

  @MessagePattern(IdentityCommands.deleteRole)
  deleteRole(@Payload() dto: DeleteRoleDto): Promise<CommandReply> {
    return this.commands.execute(new DeleteRoleCommand(dto));
  }

  @MessagePattern(IdentityCommands.assignRole)
  assignRole(@Payload() dto: RoleAssignmentDto): Promise<CommandReply> {
    return this.commands.execute(new AssignRoleCommand(dto));
  }

  @MessagePattern(IdentityCommands.unassignRole)
  unassignRole(@Payload() dto: RoleAssignmentDto): Promise<CommandReply> {
    return this.commands.execute(new UnassignRoleCommand(dto));
  }
}
