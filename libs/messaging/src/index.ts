export { toRpcError, RemoteServiceError, isRpcErrorPayload, PlatformErrorCodes } from './lib/rpc-error';
export type { RpcErrorPayload } from './lib/rpc-error';
export { RpcErrorFilter } from './lib/rpc-error.filter';
export { createRpcValidationPipe, validationFieldErrors } from './lib/rpc-validation.pipe';
export { serverTransport, clientTransport } from './lib/transport';
export type { ServiceEndpoint } from './lib/transport';
export { callService } from './lib/remote-call';
