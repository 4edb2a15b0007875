import { Module } from '@nestjs/common';
import { ConfigModule, ConfigType } from '@nestjs/config';
import { ObservabilityModule, OpsEndpointsModule } from '@chronicle/observability';
import { CqrsModule } from '@nestjs/cqrs';
import { EventSourcingModule, PostgresSnapshotStore } from '@chronicle/event-sourcing';
import type { Pool } from 'pg';
import { EventStoreModule } from '@chronicle/event-store';
import { DatabaseModule, PG_POOL } from '@chronicle/postgres';
import { identityEvents } from '@chronicle/identity-contracts';
import { roleDecider, userDecider } from '@chronicle/identity-domain';
import { IdentityAggregates } from './identity-aggregates';
import { identityCommandConfig } from './identity-command.config';
import { IdentityController } from './identity.controller';
import { PasswordHasher } from './password-hasher';
import { AssignRoleHandler, UnassignRoleHandler } from './roles/role-assignment.handlers';
import { CreateRoleHandler } from './roles/create-role.handler';
import { DeleteRoleHandler } from './roles/delete-role.handler';
import { UpdateRoleHandler } from './roles/update-role.handler';
import { UniqueClaims } from './unique-claims';
import { CreateUserHandler } from './users/create-user.handler';
import { DeleteUserHandler } from './users/delete-user.handler';
import { LoginHandler } from './users/login.handler';
import { UpdateUserHandler } from './users/update-user.handler';

const events = [...identityEvents];

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, load: [identityCommandConfig] }),
    ObservabilityModule.forRoot({ service: 'identity-command' }),
    OpsEndpointsModule.forRoot(),
    CqrsModule.forRoot(),
    DatabaseModule.forRoot({ applicationName: 'identity-command' }),
    EventStoreModule.forRootWithPool(PG_POOL),
    EventSourcingModule.forRoot({
      admin: { service: 'identity-command' },
      snapshotStore: { inject: [PG_POOL], useFactory: (pool: Pool) => PostgresSnapshotStore.create({ pool }) },
    }),
    EventSourcingModule.forFeature([
      { category: 'user', decider: userDecider, events },
      // Roles hold their members: long-lived roles are loaded from a snapshot.
      { category: 'role', decider: roleDecider, events, snapshots: { every: 100, version: 1 } },
    ]),
  ],
  controllers: [IdentityController],
  providers: [
    IdentityAggregates,
    UniqueClaims,
    PasswordHasher,
    CreateUserHandler,
    UpdateUserHandler,
    DeleteUserHandler,
    LoginHandler,
    CreateRoleHandler,
    UpdateRoleHandler,
    DeleteRoleHandler,
    AssignRoleHandler,
    UnassignRoleHandler,
  ],
})
export class IdentityCommandModule {}

export type IdentityCommandSettings = ConfigType<typeof identityCommandConfig>;
