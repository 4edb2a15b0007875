import type { GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import type { GraphQLSchemaHost } from '@nestjs/graphql';
import { buildSchema, GraphQLError, parse } from 'graphql';
import type { GatewayConfig } from '../gateway.config';
import { ComplexityPlugin } from './complexity.plugin';

const schema = buildSchema('type Query { item(sku: String!): String, items(first: Int): [String] }');
const plugin = new ComplexityPlugin({ schema } as GraphQLSchemaHost, { graphql: { maxDepth: 8, maxComplexity: 10 } } as GatewayConfig);

async function resolveOperation(query: string, variables: Record<string, unknown>): Promise<unknown> {
  const listener = await plugin.requestDidStart();
  const context = { request: { variables }, document: parse(query) } as unknown as GraphQLRequestContextDidResolveOperation<Record<string, unknown>>;
  return listener.didResolveOperation?.(context).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('ComplexityPlugin', () => {
  it('lets a cheap operation through', async () => {
    expect(await resolveOperation('query($s: String!) { item(sku: $s) }', { s: 'sku-1' })).toBeUndefined();
  });

  it('answers variables that do not fit their types as BAD_USER_INPUT (400), not as an uncoded 500', async () => {
    for (const [query, variables] of [
      ['query($s: String!) { item(sku: $s) }', { s: 0 }],
      ['query($s: String!) { item(sku: $s) }', {}],
      ['query($n: Int) { items(first: $n) }', { n: Number.POSITIVE_INFINITY }], // what JSON.parse makes of 1e400
    ] as const) {
      const error = await resolveOperation(query, variables);
      expect(error).toBeInstanceOf(GraphQLError);
      expect((error as GraphQLError).extensions).toEqual({ code: 'BAD_USER_INPUT', http: { status: 400 } });
    }
  });
});
