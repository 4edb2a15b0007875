import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AuthModule } from '../auth/auth.module';
import { gatewayConfig, type GatewayConfig } from '../gateway.config';
import { GatewayErrorCodes } from '../http/gateway-error';
import type { GatewayRequest } from '../http/gateway-request';
import { callContextOf } from '../http/call-context.decorator';
import { IdentityClient } from '../identity/identity.client';
import { IdentityModule } from '../identity/identity.module';
import { InventoryModule } from '../inventory/inventory.module';
import { OrderingModule } from '../orders/ordering.module';
import { SagasModule } from '../sagas/sagas.module';
import { AuthResolver } from './auth.resolver';
import { ComplexityPlugin } from './complexity.plugin';
import { depthLimitRule } from './depth-limit.rule';
import { assertDocumentNesting } from './document-nesting';
import type { GraphqlContext } from './graphql-context';
import { createIdentityLoaders } from './identity.loaders';
import { InventoryResolver } from './inventory.resolver';
import { OrdersResolver } from './orders.resolver';
import { RolesResolver } from './roles.resolver';
import { SagasResolver } from './sagas.resolver';
import { UsersResolver } from './users.resolver';

/**
 * Errors keep their message and `extensions.code`; nothing else (no stack trace) leaves the gateway.
 * Apollo re-codes validation errors as GRAPHQL_VALIDATION_FAILED: our own rules' codes win.
 */
function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = (error as { originalError?: unknown } | undefined)?.originalError;
  const ownCode = original instanceof GraphQLError ? original.extensions['code'] : undefined;
  const given = formatted.extensions?.['code'];
  const code = typeof ownCode === 'string' ? ownCode : typeof given === 'string' ? given : GatewayErrorCodes.INTERNAL;
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
  return { ...formatted, extensions: { ...extensions, code } };
}

/** POST /graphql, code-first: the same operations and auth rules as REST. */
@Module({
  imports: [
    IdentityModule,
    InventoryModule,
    OrderingModule,
    SagasModule,
    AuthModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [IdentityModule],
      inject: [IdentityClient, gatewayConfig.KEY],
      useFactory: (identity: IdentityClient, config: GatewayConfig): ApolloDriverConfig => ({
        path: '/graphql',
        autoSchemaFile: true,
        sortSchema: true,
        playground: false,
        includeStacktraceInErrorResponses: false,
        validationRules: [depthLimitRule(config.graphql.maxDepth)],
        formatError,
        context: ({ req }: { req: GatewayRequest }): GraphqlContext => {
          assertDocumentNesting(req);
          return { req, loaders: createIdentityLoaders(identity, callContextOf(req)) };
        },
      }),
    }),
  ],
  providers: [UsersResolver, RolesResolver, AuthResolver, InventoryResolver, OrdersResolver, SagasResolver, ComplexityPlugin],
})
export class GatewayGraphqlModule {}
