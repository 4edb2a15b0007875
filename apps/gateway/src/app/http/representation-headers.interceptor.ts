import { Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import { etagOf } from './request-headers';

const LOCATION_KEY = 'chronicle:location';

interface CreatedInOptions {
  collection: string;
  /** The reply field that names the created resource. */
  idField: string;
}

/** The created resource lives at `${collection}/${reply[idField]}`: sets `Location` on the answer. */
export const CreatedIn = (collection: string, idField = 'id'): MethodDecorator => SetMetadata(LOCATION_KEY, { collection, idField } satisfies CreatedInOptions);

interface Versioned {
  revision?: unknown;
  position?: unknown;
  [field: string]: unknown;
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
    const created = this.reflector.get<CreatedInOptions | undefined>(LOCATION_KEY, context.getHandler());
    return next.handle().pipe(
      map((result: unknown) => {
        const { revision, position } = (result ?? {}) as Versioned;
        const id = created ? (result as Versioned | undefined)?.[created.idField] : undefined;
        const etag = typeof revision === 'string' ? etagOf(revision) : undefined;
        if (etag) res.setHeader('ETag', etag);
        if (typeof position === 'string') res.setHeader('X-Position', position);
        if (created && typeof id === 'string') res.setHeader('Location', `${created.collection}/${encodeURIComponent(id)}`);
        return res.statusCode === 204 ? undefined : result;
      }),
    );
  }
}
