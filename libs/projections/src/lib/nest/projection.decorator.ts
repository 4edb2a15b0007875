import { Injectable } from '@nestjs/common';
import type { ProjectionOptions } from '../core/projection';

export const PROJECTION_METADATA = 'chronicle:projection';

/**
 * Marks a provider class (implementing ProjectionHandler) as a projection. Register it with
 * `ProjectionsModule.forFeature([MyProjection])`; the runtime finds it on application bootstrap.
 */
export function Projection(options: ProjectionOptions): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(PROJECTION_METADATA, options, target);
    Injectable()(target);
  };
}
