import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { Plugin } from '@nestjs/apollo';
import { Inject } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { gatewayConfig, type GatewayConfig } from '../gateway.config';
import { GatewayErrorCodes } from '../http/gateway-error';

/**
 * getComplexity coerces the variables, so variables that do not fit their types fail here, before
 * execution would answer them as BAD_USER_INPUT: answer them the same way (a 400), not as an
 * uncoded error Apollo would send as a 500.
 */
function complexityOf(estimate: () => number): number {
  try {
    return estimate();
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    throw new GraphQLError(error.message, { nodes: error.nodes, originalError: error, extensions: { code: ApolloServerErrorCode.BAD_USER_INPUT, http: { status: 400 } } });
  }
}

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
        const complexity = complexityOf(() =>
          getComplexity({
            schema,
            operationName: request.operationName,
            query: document,
            variables: request.variables,
            estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
          }),
        );
        if (complexity > maxComplexity) {
          throw new GraphQLError(`The query costs ${complexity}; the limit is ${maxComplexity}`, {
            extensions: { code: GatewayErrorCodes.QUERY_TOO_COMPLEX, http: { status: 400 } },
          });
        }
      },
    };
  }
}
