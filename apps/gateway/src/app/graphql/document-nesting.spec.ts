import { GraphQLError } from 'graphql';
import type { GatewayRequest } from '../http/gateway-request';
import { assertDocumentNesting, MAX_DOCUMENT_NESTING } from './document-nesting';

const post = (query: unknown) => ({ method: 'POST', body: { query }, query: {} }) as unknown as GatewayRequest;
const get = (query: unknown) => ({ method: 'GET', body: undefined, query: { query } }) as unknown as GatewayRequest;
const selections = (depth: number) => `{ ${'a { '.repeat(depth - 1)}b${' }'.repeat(depth)}`;

describe('assertDocumentNesting', () => {
  it('lets a document through up to the limit, by POST or GET', () => {
    expect(() => assertDocumentNesting(post(selections(MAX_DOCUMENT_NESTING)))).not.toThrow();
    expect(() => assertDocumentNesting(get(selections(MAX_DOCUMENT_NESTING)))).not.toThrow();
    expect(() => assertDocumentNesting(post(undefined))).not.toThrow(); // Apollo answers a missing query itself
  });

  it('rejects a deeper one, however deep, as QUERY_TOO_DEEP with status 400', () => {
    for (const req of [post(selections(MAX_DOCUMENT_NESTING + 1)), get(selections(10_000)), post(`mutation { f(a: ${'['.repeat(10_000)}${']'.repeat(10_000)}) }`)]) {
      let thrown: unknown;
      try {
        assertDocumentNesting(req);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(GraphQLError);
      expect((thrown as GraphQLError).extensions).toEqual({ code: 'QUERY_TOO_DEEP', http: { status: 400 } });
    }
  });
});
