import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { Inject } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { gatewayConfig, type GatewayConfig } from '../gateway.config';
import { GatewayErrorCodes } from '../http/gateway-error';

/**
 * Rejects operations whose estimated cost exceeds GRAPHQL_MAX_COMPLEXITY before they run. Every
 * field costs 1; list fields declare `complexity` (page size × what each item asks for).
 */
@Plugin()
export class ComplexityPlugin implements ApolloServerPlugin {
  constructor(
    private readonly schemaHost: GraphQLSchemaHost,
    @Inject(gatewayConfig.KEY) private readonly config: GatewayConfig,
  ) {}

  async requestDidStart(): Promise<GraphQLRequestListener<Record<string, unknown>>> {
    const { schema } = this.schemaHost;
    const maxComplexity = this.config.graphql.maxComplexity;
    return {
      async didResolveOperation({ request, document }) {
        const complexity = getComplexity({
          schema,
          operationName: request.operationName,
          query: document,
          variables: request.variables,
          estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
        });
        if (complexity > maxComplexity) {
          throw new GraphQLError(`The query costs ${complexity}; the limit is ${maxComplexity}`, {
            extensions: { code: GatewayErrorCodes.QUERY_TOO_COMPLEX, http: { status: 400 } },
          });
        }
      },
    };
  }
}
