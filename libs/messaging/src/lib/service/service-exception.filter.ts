import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { RpcErrorFilter } from '../rpc-error.filter';

/**
 * A service's one global filter (a hybrid app shares its enhancers between its message handlers
 * and its HTTP routes): messages get RpcErrorFilter's structured errors, HTTP (the ops routes,
 * e.g. readiness' 503) Nest's default handling.
 */
@Catch()
export class ServiceExceptionFilter extends BaseExceptionFilter {
  private readonly rpc = new RpcErrorFilter();

  override catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType() === 'rpc') return this.rpc.catch(exception, host);
    return super.catch(exception, host);
  }
}
