import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { commandIdFor, idempotencyKeyOf, idempotencyScopeOf } from '../idempotency/idempotency-key';
import type { CallContext } from '../identity/identity.client';
import type { GatewayRequest } from './gateway-request';
import { requestOf } from './request-of';

/** What a downstream call carries from a request: its correlation id and (for commands) command id. */
export const callContextOf = (req: GatewayRequest): CallContext => ({ correlationId: req.correlationId, commandId: req.commandId });

/**
 * The request's CallContext, in a REST handler or a GraphQL resolver. A GraphQL request with an
 * Idempotency-Key gives each mutation field its own derived command id: a retried request repeats
 * the same commands, which the services answer with their first replies.
 */
export const Call = createParamDecorator((_: unknown, context: ExecutionContext): CallContext => {
  const req = requestOf(context);
  if (context.getType<GqlContextType>() === 'graphql') {
    const key = idempotencyKeyOf(req);
    const info = GqlExecutionContext.create(context).getInfo<GraphQLResolveInfo>();
    if (key !== undefined && info.operation.operation === 'mutation') {
      return { correlationId: req.correlationId, commandId: commandIdFor(idempotencyScopeOf(req), `${key}:graphql:${info.path.key}`) };
    }
  }
  return callContextOf(req);
});
