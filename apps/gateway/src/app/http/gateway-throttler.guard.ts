import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { requestOf } from './request-of';

/** @nestjs/throttler for REST and GraphQL alike (GraphQL resolvers reach the request through their context). */
@Injectable()
export class GatewayThrottlerGuard extends ThrottlerGuard {
  protected override getRequestResponse(context: ExecutionContext): { req: Record<string, unknown>; res: Record<string, unknown> } {
    const req = requestOf(context);
    return { req: req as unknown as Record<string, unknown>, res: req.res as unknown as Record<string, unknown> };
  }
}
