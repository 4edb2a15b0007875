import { GraphQLError } from 'graphql';
import { GatewayErrorCodes } from '../http/gateway-error';
import type { GatewayRequest } from '../http/gateway-request';
import { nestsDeeperThan } from '../http/nesting-depth';

/** Brackets (`{`, `(`, `[`) a document may nest: a deep real query with object arguments needs a fraction of it. */
export const MAX_DOCUMENT_NESTING = 64;

/** The document a GraphQL request carries: the body's `query` (POST) or the query string's (GET). */
function sourceOf(req: GatewayRequest): unknown {
  const body = req.body as { query?: unknown } | undefined;
  return req.method === 'GET' ? req.query['query'] : body?.query;
}

/**
 * Rejects a document nested deeper than MAX_DOCUMENT_NESTING before graphql-js parses it: its
 * parser recurses per bracket, so a 10,000-deep list literal would exhaust the stack (the depth
 * rule counts fields, and runs only on a parsed document). Called while Apollo builds the
 * request's context, which happens before parsing and whose errors keep their code and status;
 * an error thrown from a plugin hook before parsing would be answered as a 500.
 */
export function assertDocumentNesting(req: GatewayRequest): void {
  const source = sourceOf(req);
  if (typeof source !== 'string' || !nestsDeeperThan(Buffer.from(source, 'utf8'), MAX_DOCUMENT_NESTING, 'graphql')) return;
  throw new GraphQLError(`The document nests deeper than ${MAX_DOCUMENT_NESTING} levels`, {
    extensions: { code: GatewayErrorCodes.QUERY_TOO_DEEP, http: { status: 400 } },
  });
}
