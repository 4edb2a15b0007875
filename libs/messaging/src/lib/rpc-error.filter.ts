import { Catch, Logger, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { throwError, type Observable } from 'rxjs';
import { PlatformErrorCodes, toRpcError, type RpcErrorPayload } from './rpc-error';

/** Sends every error back as a structured RpcErrorPayload; logs the ones that are our fault. */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger(RpcErrorFilter.name);

  catch(exception: unknown, _host: ArgumentsHost): Observable<RpcErrorPayload> {
    const payload = exception instanceof RpcException ? (exception.getError() as RpcErrorPayload) : toRpcError(exception);
    if (payload.code === PlatformErrorCodes.INTERNAL) this.logger.error(exception);
    return throwError(() => payload);
  }
}
