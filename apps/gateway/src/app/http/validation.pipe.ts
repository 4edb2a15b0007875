import type { ValidationPipe } from '@nestjs/common';
import { InputValidationPipe, PlatformErrorCodes, validationFieldErrors } from '@chronicle/messaging';
import { GatewayError } from './gateway-error';

/**
 * Bodies, query strings, path parameters and GraphQL args: first the one text and nesting rule
 * for every string (no control characters, no lone surrogates; see InputValidationPipe), then
 * class-validator. Unknown fields too are a 400 that names every bad field.
 */
export function createHttpValidationPipe(): ValidationPipe {
  return new InputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new GatewayError(PlatformErrorCodes.VALIDATION_FAILED, 400, 'The request is invalid', { fields: validationFieldErrors(errors) }),
  });
}
