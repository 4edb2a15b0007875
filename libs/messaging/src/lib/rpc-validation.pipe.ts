import type { ValidationError, ValidationPipe } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { InputValidationPipe } from './input/input-validation.pipe';
import { PlatformErrorCodes, type RpcErrorPayload } from './rpc-error';

/** class-validator errors as `{ 'field.path': [messages] }`, nested fields included. */
export function validationFieldErrors(errors: ValidationError[], parent = ''): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) out[path] = Object.values(error.constraints);
    Object.assign(out, validationFieldErrors(error.children ?? [], path));
  }
  return out;
}

/** Message payloads: the text and nesting rule, then class-validator (unknown properties rejected, values transformed). */
export function createRpcValidationPipe(): ValidationPipe {
  return new InputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const payload: RpcErrorPayload = {
        code: PlatformErrorCodes.VALIDATION_FAILED,
        message: 'The message is invalid',
        details: { fields: validationFieldErrors(errors) },
      };
      return new RpcException(payload);
    },
  });
}
