import { Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import { etagOf } from './request-headers';

const LOCATION_KEY = 'chronicle:location';

/** The created resource lives at `${collection}/${reply.id}`: sets `Location` on the answer. */
export const CreatedIn = (collection: string): MethodDecorator => SetMetadata(LOCATION_KEY, collection);

interface Versioned {
  id?: unknown;
  revision?: unknown;
  position?: unknown;
}

/**
 * Headers from what a REST handler returns: `ETag` from `revision` (views and command replies),
 * `X-Position` from a command reply's `position` (so even a 204 can be read back with
 * X-Min-Position), `Location` for creations. A 204 sends no body.
 */
@Injectable()
export class RepresentationHeadersInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const res = context.switchToHttp().getResponse<Response>();
    const collection = this.reflector.get<string | undefined>(LOCATION_KEY, context.getHandler());
    return next.handle().pipe(
      map((result: unknown) => {
        const { id, revision, position } = (result ?? {}) as Versioned;
        const etag = typeof revision === 'string' ? etagOf(revision) : undefined;
        if (etag) res.setHeader('ETag', etag);
        if (typeof position === 'string') res.setHeader('X-Position', position);
        if (collection && typeof id === 'string') res.setHeader('Location', `${collection}/${id}`);
        return res.statusCode === 204 ? undefined : result;
      }),
    );
  }
}
