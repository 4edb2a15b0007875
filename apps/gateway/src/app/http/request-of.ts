import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { GatewayRequest } from './gateway-request';

/** The Express request behind a REST handler or a GraphQL resolver. */
export function requestOf(context: ExecutionContext): GatewayRequest {
  if (context.getType<GqlContextType>() === 'graphql') return GqlExecutionContext.create(context).getContext<{ req: GatewayRequest }>().req;
  return context.switchToHttp().getRequest<GatewayRequest>();
}
